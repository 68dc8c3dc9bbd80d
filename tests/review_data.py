"""A small shop manual and complaints about it, for the review tests."""

from __future__ import annotations

MANUAL = b"""# Riverside Outfitters: Returns and Service Rules

## 1. Returns

1.1 Refunds are given only as store credit, never to the original payment method.

1.2 Items returned without a receipt are refused in all cases.

1.3 Returns are accepted only within 14 days of purchase, with no exceptions.

## 2. Service

2.1 Customers must book repairs in person at the store where the item was bought.

2.2 Under the Consumer Rights Act 2015, a faulty item is repaired, replaced or refunded at no cost to the customer.

2.3 Staff may not change a delivery date once the order is confirmed; only the Store Manager can.
"""

COMPLAINTS = b"""id,text,date,channel
C1,"They would only give me store credit when I wanted my money back on my card.",2026-01-03,email
C2,"I lost the receipt and they refused the return outright, even though the tag was still on.",2026-01-05,store
C3,"Day 15 and they would not take it back. One day late and no exceptions at all.",2026-01-09,phone
C4,"I moved house, and they said I must book the repair in person at the store where I bought it, 200 miles away.",2026-01-11,web
C5,"Store credit only? I want a refund to my card, not a voucher.",2026-01-12,email
C6,"The delivery date could not be changed although I asked a week ahead.",2026-01-14,phone
C7,"No receipt, no return, they said. The item was obviously theirs.",2026-01-15,store
C8,"I was refused a return at 16 days after being ill in hospital for two weeks.",2026-01-18,email
"""
