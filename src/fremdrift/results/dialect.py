"""The few SQL expressions SQLite and PostgreSQL write differently, for the figure SQL
(results.compute and results.spells)."""

from __future__ import annotations


class Dialect:
    """The few expressions SQLite and PostgreSQL write differently."""

    def __init__(self, vendor: str) -> None:
        self.pg = vendor == "postgresql"

    def _part(self, col: str, part: str) -> str:
        # SQLite keeps a date as 'YYYY-MM-DD' text: slicing it is much cheaper than strftime.
        if self.pg:
            return f"CAST(EXTRACT({part} FROM {col}) AS INTEGER)"
        offset, length = {"YEAR": (1, 4), "MONTH": (6, 2), "DAY": (9, 2)}[part]
        return f"CAST(substr({col}, {offset}, {length}) AS INTEGER)"

    def month(self, col: str) -> str:
        return f"({self._part(col, 'YEAR')} * 12 + {self._part(col, 'MONTH')} - 1)"

    def last_month_covered(self, col: str) -> str:
        """The last month whose last day is on or before the date `col`."""
        year, month, day = (self._part(col, p) for p in ("YEAR", "MONTH", "DAY"))
        # '%%' is SQL's modulo written for a query with parameters.
        leap = f"(CASE WHEN ({year} %% 4 = 0 AND {year} %% 100 <> 0) OR {year} %% 400 = 0 THEN 1 ELSE 0 END)"  # noqa: E501
        # 31 days in January, March, May, July, August, October and December.
        days = f"(CASE {month} WHEN 2 THEN 28 + {leap} ELSE 30 + ({month} + {month} / 8) %% 2 END)"
        return f"({self.month(col)} - (CASE WHEN {day} = {days} THEN 0 ELSE 1 END))"

    def day_after(self, col: str) -> str:
        return f"({col} + 1)" if self.pg else f"date({col}, '+1 day')"

    def one_month_after(self, col: str) -> str:
        # The same date a month later, or that month's last day when the date does not
        # exist there (31 January -> 28/29 February), as the law counts a month.
        if self.pg:
            return f"CAST({col} + INTERVAL '1 month' AS DATE)"
        return f"MIN(date({col}, '+1 month'), date({col}, 'start of month', '+2 months', '-1 day'))"

    def months_after(self, col: str, months: int) -> str:
        """The same date `months` later, or that month's last day (as one_month_after)."""
        if self.pg:
            return f"CAST({col} + INTERVAL '{int(months)} months' AS DATE)"
        return (
            f"MIN(date({col}, '+{int(months)} months'), "
            f"date({col}, 'start of month', '+{int(months) + 1} months', '-1 day'))"
        )

    def born_29_february(self, col: str) -> str:
        # Born 29 February: the birthday is 1 March in other years, one month later.
        if self.pg:
            return f"(CASE WHEN EXTRACT(MONTH FROM {col}) = 2 AND EXTRACT(DAY FROM {col}) = 29 THEN 1 ELSE 0 END)"  # noqa: E501
        return f"(CASE WHEN substr({col}, 6, 5) = '02-29' THEN 1 ELSE 0 END)"

    def least(self, *args: str) -> str:
        return f"{'LEAST' if self.pg else 'MIN'}({', '.join(args)})"

    def greatest(self, *args: str) -> str:
        return f"{'GREATEST' if self.pg else 'MAX'}({', '.join(args)})"
