"""Batch rewriting of whole manuals: ingest, plan, draft concurrently, report; resumable.

A batch's state lives in the database, one row per rule (`batch_rules`), written in the
same transaction as the rule's suggestion. Running a batch again continues where it
stopped, whatever stopped it.
"""
