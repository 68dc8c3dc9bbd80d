"""Ingest stage: manuals into rules, complaint files into complaints."""
