"""The answers: one function per command, each returning a report.

The command line (Typer, or its fast path) parses the arguments and calls these; a
renderer prints the report. Nothing here parses arguments or prints.
"""
