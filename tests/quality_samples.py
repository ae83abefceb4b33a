"""Sample modules the quality-rule tests share."""

from __future__ import annotations

# A small, well-written module: no size, complexity or maintainability rule flags it.
CLEAN_MODULE = '''\
"""Orders: what a customer bought and what they paid."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Order:
    """One order."""

    total: int
    paid: int

    def balance(self) -> int:
        return self.total - self.paid

    def overdue(self, today: int, due: int) -> bool:
        # Orders paid in full are never overdue, however late.
        return self.balance() > 0 and today > due

    @classmethod
    def free(cls, total: int) -> Order:
        return cls(total, total)


async def settle(order: Order, *, rounding: int = 1) -> int:
    if order.balance() <= 0:
        return 0
    for _ in range(3):
        if rounding > 0:
            return order.balance() // rounding
    return order.balance()
'''
