"""Deterministic synthetic "legacy policy manuals" of any size, for tests and benchmarks.

`legacy_manual(rules, seed=...)` returns Markdown with a `# Title`, `## N. Section` headings
and one numbered rule per paragraph (`3.7 Text.`), mixing restrictive, neutral and
customer-friendly rules, some citing a law, across several industries.
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

RESTRICTIVE_SHARE = 0.62
SECTION_MIN, SECTION_TARGET, SECTION_MAX = 8, 16, 25


@dataclass(frozen=True)
class _Topic:
    sections: tuple[str, ...]
    items: tuple[str, ...]
    restrictive: tuple[str, ...]
    other: tuple[str, ...]


def _options(text: str) -> tuple[str, ...]:
    return tuple(text.split("|")) if text else ()


def _topic(sections: str, items: str, rules: str) -> _Topic:
    """Sections and items are "|"-separated; each rule line starts with "R " or "N "."""
    lines = [line.strip() for line in rules.strip().splitlines() if line.strip()]
    return _Topic(
        _options(sections),
        _options(items),
        tuple(line[2:] for line in lines if line.startswith("R ")),
        tuple(line[2:] for line in lines if line.startswith("N ")),
    )


_SLOTS: dict[str, tuple[str, ...]] = {
    "fee": tuple(f"${n}" for n in (5, 10, 12, 15, 20, 25, 30, 35, 40, 50)),
    "amount": _options("$50|$100|$150|$200|$250|$300|$500|$750|$1,000|$2,000"),
    "days": tuple(f"{n} days" for n in (3, 7, 10, 14, 21, 28, 30, 45, 60, 90)),
    "wdays": tuple(f"{n} working days" for n in (2, 3, 5, 7, 10, 15)),
    "hours": tuple(f"{n} hours" for n in (2, 4, 6, 12, 24, 48, 72)),
    "months": tuple(f"{n} months" for n in (3, 6, 9, 12, 18, 24)),
    "weeks": tuple(f"{n} weeks" for n in (2, 3, 4, 6, 8, 12)),
    "kg": ("7", "8", "10", "12", "15"),
    "minutes": tuple(f"{n} minutes" for n in (5, 10, 15, 20, 30)),
    "n": ("two", "three", "four", "five", "six"),
    "percent": ("5%", "10%", "12%", "15%", "20%", "25%"),
    "channel": _options(
        "by phone|by email|in branch|through the online portal|through the mobile app|by live chat"
    ),
    "notify": _options("by text message|by email|by letter|through the mobile app"),
    "dept": _options(
        "the Customer Relations team|the Billing team|the Data Protection Officer|the Branch Standards team|the Quality Assurance team|the Central Operations desk"
    ),
    "doc": _options(
        "a valid passport|a photocard driving licence|a utility bill dated within the last three months|a council tax bill for the current year|a bank statement showing the current address|a birth certificate together with a photo identity card"
    ),
    "place": _options("store|café|garden centre|showroom|food hall|furniture department"),
    "till": _options(
        "customer service desk|café counter|garden centre tills|click-and-collect point|main checkouts"
    ),
}

_TOPICS: tuple[_Topic, ...] = (
    _topic(
        "Returns and refunds|Exchanges and credit notes|Faulty goods and repairs",
        "small electrical items|garden furniture|bedding and towels|opened software|made-to-measure blinds|kitchen appliances|seasonal decorations|children's toys|paint and wallpaper|flat-pack furniture",
        """
        R Refunds are never given for {item} bought in a clearance event or from the end-of-line bay.
        R Customers may not return {item} more than {days} after the date on the till receipt.
        R Opened {item} cannot be exchanged for a different product, and there are no exceptions to this rule.
        R A restocking fee of {percent} applies to all returned {item}, whatever the reason for the return.
        R Returns of {item} without the original till receipt will be refused, even within {days} of purchase.
        R Refunds for {item} are issued solely as a store gift card and never as cash.
        R Staff must not process a refund over {amount} for {item} without the duty manager's approval.
        R Each customer is limited to {n} returns of {item} in any rolling twelve-month period.
        R Faulty {item} must be sent to the manufacturer for inspection before any replacement is offered.
        N We will refund faulty {item} to the original payment method within {wdays}.
        N Under the Consumer Rights Act 2015, customers are entitled to a full refund for faulty {item} rejected within 30 days.
        N Staff record the reason for every return of {item} in the returns log at the {till}.
        N Customers can exchange unused {item} for another product of equal value within {days} of purchase.
        N Gift receipts are accepted as proof of purchase for {item} at every branch.
        N We will collect faulty {item} from the customer's home at no cost within {wdays}.
        """,
    ),
    _topic(
        "Payments and fees|Cheques, cash and cards|Charges and late payment",
        "",
        """
        R Staff must not accept cheques over {amount} without two forms of identification.
        R A late payment fee of {fee} is charged when a bill is more than {days} overdue.
        R Card payments below {fee} are not accepted at the {till}.
        R As required by anti-money-laundering regulations, cash payments over {amount} will be refused at the {till}.
        R Customers may not split a single payment across more than {n} cards.
        R A card surcharge of {percent} applies to every credit card payment over {amount}.
        R Foreign currency and traveller's cheques are never accepted at the {till}.
        R Payment plans are available only to customers who have held an account for at least {months}.
        R Returned direct debits incur an administration charge of {fee} each time they bounce.
        N We will confirm every payment {notify} within {hours}.
        N Staff explain each line of a bill whenever a customer asks, and send a written breakdown {notify} within {wdays}.
        N Customers can pay their bill {channel} at any time of the day or night.
        N We will refund any duplicated card payment within {wdays} of it being reported.
        N A printed or emailed receipt is offered after every payment taken at the {till}.
        N Under the Consumer Credit Act 1974, customers are entitled to a statement of their account on request.
        """,
    ),
    _topic(
        "Opening and closing accounts|Identification and verification|Changes to accounts",
        "",
        """
        R New accounts cannot be opened {channel} unless the applicant provides {doc}.
        R Customers must present {doc} before any change of address is processed.
        R Staff must not discuss an account with anyone other than the named account holder, even with the holder present.
        R Accounts left dormant for {months} will be closed and any credit balance below {fee} retained.
        R As required by anti-money-laundering regulations, new accounts will be frozen until {doc} has been verified.
        R Joint account holders may not remove a second holder {channel}.
        R Only {doc} is accepted as proof of identity at the {till}.
        R Changes to the name on an account are never made {channel}.
        N We will confirm any change to account details {notify} within {wdays}.
        N Staff check identity documents in a private room, away from other customers, and hand them back within {minutes}.
        N Customers can update their contact details {channel} at any time.
        N We will send a welcome pack to every new account holder within {wdays}.
        N Staff offer a large-print copy of the account terms to every new customer.
        """,
    ),
    _topic(
        "Deliveries and collections|Delivery charges and missed deliveries",
        "sofas|washing machines|garden sheds|mattresses|wardrobes|bulky parcels|fitted flooring|dining tables",
        """
        R Deliveries of {item} are made only on weekdays between 8am and 6pm.
        R A redelivery fee of {fee} applies after a missed delivery of {item}.
        R Drivers will not carry {item} above the ground floor or into a basement.
        R Damage to {item} must be reported within {hours} of delivery or the claim will be refused.
        R No delivery slot for {item} can be changed less than {hours} before it starts.
        R Orders of {item} not collected within {days} will be cancelled and the deposit retained.
        R Customers must stay at home for the whole delivery window for {item}, and drivers never wait longer than {minutes}.
        R Delivery of {item} is not available to island or highland addresses.
        N We will text the customer a one-hour delivery window the evening before their {item} arrive.
        N Drivers unpack {item} and take the packaging away at no extra cost.
        N Customers can track the delivery of their {item} {channel} or ask for updates {notify}.
        N We will rebook a missed delivery of {item} free of charge on the next available day.
        N Staff log every delivery complaint about {item} in the delivery tracker within {hours}.
        """,
    ),
    _topic(
        "Appointments and bookings|Cancellations and no-shows",
        "eye tests|hearing checks|kitchen design consultations|dental check-ups|vehicle services|mortgage reviews|beauty treatments|physiotherapy sessions",
        """
        R Appointments for {item} cannot be booked more than {weeks} in advance.
        R Customers who arrive more than {minutes} late for {item} will be treated as a no-show.
        R A cancellation fee of {fee} is charged for {item} cancelled with less than {hours} notice.
        R Bookings for {item} are accepted only {channel}.
        R Customers may not bring children under twelve to appointments for {item}.
        R After {n} missed appointments, no further bookings for {item} will be accepted.
        R Deposits paid for {item} are non-refundable in all circumstances.
        N We will send a reminder {notify} the day before every appointment for {item}.
        N Customers can rebook {item} {channel} at no charge.
        N Staff offer the next available slot for {item} whenever we move a booking.
        N We will keep a waiting list and call customers when an earlier slot for {item} becomes free.
        """,
    ),
    _topic(
        "Complaints handling|Escalation and redress",
        "",
        """
        R Complaints are accepted only by letter to {dept} and never by phone, email or live chat.
        R Complaints made more than {months} after the event will not be investigated.
        R Staff must not offer goodwill payments above {amount} without head office approval.
        R Customers may not raise a new complaint {channel} while a previous complaint is still open.
        R Compensation of more than {amount} is never paid for distress or inconvenience.
        R A complaint will be closed if the customer does not reply within {days}.
        R No complaint can be escalated to {dept} before {wdays} have passed.
        N We will reply to every letter within {wdays}.
        N Staff record the reason for every call in the complaints log and log written complaints within {hours} of receipt.
        N We will acknowledge every complaint {notify} within {hours}.
        N Under the FCA Dispute Resolution (DISP) rules, we will send a final response within eight weeks and explain the right to refer the complaint to the ombudsman.
        N Customers can ask for their complaint to be reviewed by {dept}.
        N Staff apologise as soon as they know that something has gone wrong and explain the next steps within {hours}.
        """,
    ),
    _topic(
        "Service outages and interruptions|Planned maintenance",
        "broadband|the water supply|electricity|district heating|the gas supply|landline phone services",
        """
        R Compensation for loss of {item} is paid only when the outage lasts longer than {hours}.
        R Claims for interrupted {item} must be made within {days} of the service being restored.
        R Customers cannot claim for spoiled food or other losses caused by an interruption to {item}.
        R Engineers will not attend a fault with {item} outside working hours unless it affects {n} or more properties.
        R No credit is given for planned maintenance on {item}, however long the work takes.
        R Fault reports about {item} are accepted only {channel}.
        N We will send updates on any loss of {item} {notify} every {hours}.
        N Staff call customers on the priority services register first when {item} is interrupted.
        N We will give at least {days} notice of planned work on {item}.
        N Customers can report a fault with {item} {channel} at any time.
        N We will credit affected accounts automatically after an outage of {item} lasting more than {hours}.
        """,
    ),
    _topic(
        "Data protection and privacy|Marketing and consent",
        "",
        """
        R Requests for a copy of personal data are accepted only in writing to {dept}.
        R Staff must not read out more than the last {n} transactions to a caller, even when the caller is the account holder.
        R Copies of call recordings are never released to customers, even after a complaint has been open for {days}.
        R Customers may not withdraw marketing consent {channel}.
        R Personal data will not be corrected unless the customer supplies {doc}.
        R Under UK GDPR, identity must be confirmed with {doc} before any personal data is released {channel}.
        R Requests to delete personal data will be refused while the customer still holds an open account.
        N Under UK GDPR, customers are entitled to a copy of the personal data we hold about them free of charge.
        N We will reply to every request for personal data within {days}.
        N Customers can change their marketing preferences {channel} at any time.
        N In line with the Data Protection Act 2018, we keep call recordings for {months} and then delete them.
        N Staff shred printed customer records within {hours} and lock their screens whenever they leave their desk.
        """,
    ),
    _topic(
        "Arrears and collections|Debt recovery",
        "",
        """
        R We will pass the account to an external debt collection agency once it is more than {days} in arrears.
        R Payment arrangements are limited to {months} and cannot be extended.
        R Staff must not agree a repayment plan below {fee} a month.
        R A default notice is issued after {n} missed payments, and no further payment arrangement will be offered, as permitted by the Consumer Credit Act 1974.
        R We will take court action on any balance over {amount} that remains unpaid after {months}.
        R Customers in arrears may not open a new account or order new services {channel}.
        N We will contact customers {notify} before any missed payment is reported.
        N Staff refer customers in financial difficulty to free, independent debt advice.
        N Customers can ask for a breathing space of {days} while they get advice.
        N Under the Consumer Credit Act 1974, we will send arrears notices that explain every option open to the customer.
        N We will freeze interest for {months} while a customer is working with a debt adviser.
        """,
    ),
    _topic(
        "Conduct on the premises|Store rules",
        "",
        """
        R No food or drink may be brought into the {place}, including bottled water.
        R Bags larger than a carrier bag must be left at the customer service desk before entering the {place}.
        R Children under 16 are not admitted to the {place} without an adult.
        R Customers may not use the toilets near the {place} unless they have made a purchase.
        R Photography and filming are strictly prohibited in the {place}.
        R Trolleys must not be taken beyond the car park boundary, and anyone doing so will be asked to leave.
        R Customers must leave the {place} {minutes} before closing time.
        R Dogs are never allowed in the {place}, although assistance dogs are welcome as required by the Equality Act 2010.
        N Staff offer a seat to any customer who needs one while waiting at the {till}.
        N We will carry purchases to the car for any customer who asks at the {till}.
        N Toilets and baby-changing rooms near the {place} are open to everyone during opening hours.
        N Staff check the {place} for trip hazards every {hours}, in line with health and safety regulations.
        """,
    ),
    _topic(
        "Travel changes and cancellations|Baggage and boarding",
        "economy fares|saver tickets|group bookings|package holidays|advance rail tickets|ferry crossings",
        """
        R Name changes on {item} are never permitted.
        R Changes to {item} cannot be made less than {hours} before departure.
        R A change fee of {fee} per passenger applies to all {item}.
        R Refunds on {item} are given only as travel vouchers valid for {months}.
        R Passengers on {item} who miss check-in will be refused boarding and the fare is forfeited.
        R Liquids over 100 millilitres are never allowed in cabin bags on {item}, as required by aviation security regulations.
        R Cabin bags over {kg} kilograms must be checked in at the passenger's own cost.
        N Under Regulation (EC) 261/2004, passengers are entitled to meals and refreshments during long delays.
        N We will rebook passengers on {item} onto the next available service at no extra cost when we cancel a journey.
        N Passengers can change {item} {channel} up to {hours} before departure.
        N Staff help passengers with reduced mobility at every stage of the journey on {item}.
        """,
    ),
)

_SLOT = re.compile(r"\{(\w+)\}")


def _sections(count: int, rng: random.Random) -> list[tuple[_Topic, str]]:
    """`count` sections in manual order; names repeat as supplements once all are used."""
    names = [(topic, name) for topic in _TOPICS for name in topic.sections]
    chosen: list[tuple[_Topic, str]] = []
    round_ = 1
    while len(chosen) < count:
        take = min(count - len(chosen), len(names))
        picked = sorted(rng.sample(range(len(names)), take))
        suffix = "" if round_ == 1 else f" (supplement {round_ - 1})"
        chosen += [(names[i][0], names[i][1] + suffix) for i in picked]
        round_ += 1
    return chosen


def _sizes(rules: int, count: int, rng: random.Random) -> list[int]:
    sizes = [min(SECTION_MIN, rules)] * count
    left = rules - sum(sizes)
    while left:
        index = rng.randrange(count)
        if sizes[index] < SECTION_MAX:
            sizes[index] += 1
            left -= 1
    return sizes


def _fill(template: str, topic: _Topic, rng: random.Random) -> str:
    def pick(match: re.Match[str]) -> str:
        slot = match.group(1)
        return rng.choice(topic.items if slot == "item" else _SLOTS[slot])

    text = _SLOT.sub(pick, template)
    return text[0].upper() + text[1:]


def _rule(
    topic: _Topic, restrictive: bool, seen: set[str], used: set[str], rng: random.Random
) -> str:
    """A new rule, preferring templates the section has not used yet."""
    pool = topic.restrictive if restrictive else topic.other
    fresh = [template for template in pool if template not in used] or list(pool)
    for attempt in range(200):
        template = rng.choice(fresh if attempt < 20 else pool)
        text = _fill(template, topic, rng)
        if text not in seen:
            break
    used.add(template)
    serial = 100
    while text in seen:
        serial += 1
        text = f"{text[:-1]} (see procedure note {serial})."
    seen.add(text)
    return text


def legacy_manual(
    rules: int = 400, *, seed: int = 1, title: str = "Customer Operations Manual (legacy)"
) -> str:
    """Markdown text of a manual with exactly `rules` numbered rules."""
    if rules < 1:
        raise ValueError("a manual needs at least one rule")
    rng = random.Random(seed)
    count = max(1, round(rules / SECTION_TARGET))
    sizes = _sizes(rules, count, rng)
    restrictive_count = round(rules * RESTRICTIVE_SHARE)
    shuffled = [True] * restrictive_count + [False] * (rules - restrictive_count)
    rng.shuffle(shuffled)
    flags = iter(shuffled)
    seen: set[str] = set()
    parts = [f"# {title}"]
    for number, ((topic, name), size) in enumerate(
        zip(_sections(count, rng), sizes, strict=True), start=1
    ):
        parts.append(f"## {number}. {name}")
        used: set[str] = set()
        for index in range(1, size + 1):
            parts.append(f"{number}.{index} {_rule(topic, next(flags), seen, used, rng)}")
    return "\n\n".join(parts) + "\n"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules", type=int, default=400, help="number of rules (default 400)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, help="write to this file instead of stdout")
    args = parser.parse_args()
    manual = legacy_manual(args.rules, seed=args.seed)
    if args.out is None:
        print(manual, end="")
    else:
        args.out.write_text(manual, encoding="utf-8")
