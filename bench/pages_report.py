"""The tables and goals that bench/pages.py prints: markdown tables, to paste into the README as they are."""

import os
import timeit

KB = 1024
RENDER_GOAL_MS = 5
RENDER_GOAL_TYPES = ["FAQ page", "hotline page", "service page"]
# Python function calls of a render at the largest scale may be this many times those at the reference scale.
FLAT_RATIO = 1.1


def table(header, lines, right_from):
    """A markdown table with aligned columns: readable here, and pasteable into the README."""
    cells = [header] + [[str(cell) for cell in line] for line in lines]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]

    def row(line):
        aligned = [
            c.rjust(w) if i >= right_from else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        return "| " + " | ".join(aligned) + " |"

    rule = ["-" * (w - 1) + ":" if i >= right_from else "-" * w for i, w in enumerate(widths)]
    return "\n".join([row(cells[0]), "| " + " | ".join(rule) + " |"] + [row(line) for line in cells[1:]])


def label(row):
    return f"{row['name']} ({row['language']}) at {row['factor']}x"


def figures_table(rows, statics):
    header = ["page", "lang", "scale", "status", "queries", "render ms", "cold ms", "uncached rps", "cached rps"]
    header += ["c/s", "u/s", "gz KB", "crit KB"]
    lines = []
    for name, language in dict.fromkeys((row["name"], row["language"]) for row in rows):
        for row in rows:
            if (row["name"], row["language"]) != (name, language):
                continue
            status = row["status"] if row["status"] == row["http_status"] else f"{row['status']}/{row['http_status']}"
            lines.append(
                [
                    name,
                    language,
                    f"{row['factor']}x",
                    status,
                    row["queries"],
                    f"{row['ms']:.1f}",
                    f"{row['cold_ms']:.1f}",
                ]
                + [f"{row['uncached_rps']:.0f}", f"{row['cached_rps']:.0f}"]
                + [f"{row['cached_ratio']:.2f}", f"{row['uncached_ratio']:.2f}"]
                + [
                    f"{row['gz_bytes'] / KB:.1f}",
                    "" if row["critical_bytes"] is None else f"{row['critical_bytes'] / KB:.1f}",
                ]
            )
    for static in statics:
        lines.append(
            ["static file", "", f"{static['factor']}x", "", "", "", ""]
            + [f"{static['uncached_rps']:.0f}", f"{static['cached_rps']:.0f}", "1.00", "1.00", "", ""]
        )
    return table(header, lines, right_from=3)


def reference_scale(factors):
    """The scale the largest is compared with for time: 10x when measured below the largest, else the smallest.

    At 1x several lists are shorter than a page (the demo has 6 hotlines and 2 updates; a list page shows
    20, a sitemap section 200 pages), so those pages show less than at any larger scale. From 10x the lists
    fill their pages; from there, cost must not follow the amount of content. A run without a scale above
    10x (--quick) judges the queries only: the function calls are printed, not judged.
    """
    return 10 if 10 in factors and max(factors) > 10 else min(factors)


def growth(rows, factors):
    """For each page: its rows at every scale, smallest first."""
    by_page = {(row["name"], row["language"], row["factor"]): row for row in rows}
    return [
        [by_page[row["name"], row["language"], factor] for factor in sorted(factors)]
        for row in rows
        if row["factor"] == min(factors)
    ]


def growth_table(series, factors):
    reference = reference_scale(factors)
    scales = " / ".join(f"{factor}x" for factor in sorted(factors))
    header = ["page", "lang", "path", "queries", f"calls {scales}", f"x from {reference}x"]
    header += [f"cold calls {scales}", f"x from {reference}x", f"render ms {scales}", f"x from {reference}x"]
    header += [f"cold ms {scales}", f"x from {reference}x", f"gz KB {scales}"]

    def figures(rows, key, unit=1, digits=1):
        return " / ".join(f"{row[key] / unit:.{digits}f}" for row in rows)

    lines = []
    for rows in series:
        counts = [row["queries"] for row in rows]
        lines.append(
            [rows[0]["name"], rows[0]["language"], rows[0]["path"]]
            + ["same" if len(set(counts)) == 1 else " / ".join(map(str, counts))]
            + [figures(rows, "calls", digits=0), f"x{growth_ratio(rows, 'calls', reference):.2f}"]
            + [figures(rows, "cold_calls", digits=0), f"x{growth_ratio(rows, 'cold_calls', reference):.2f}"]
            + [figures(rows, "ms"), f"x{growth_ratio(rows, 'ms', reference):.2f}"]
            + [figures(rows, "cold_ms"), f"x{growth_ratio(rows, 'cold_ms', reference):.2f}"]
            + [figures(rows, "gz_bytes", KB)]
        )
    return table(header, lines, right_from=3)


def growth_ratio(rows, key, reference):
    """A page's figure at the largest scale divided by the one at the reference scale."""
    return rows[-1][key] / next(row for row in rows if row["factor"] == reference)[key]


def goals(rows, series):
    """(goal, met, figure) for each goal."""
    timed = [row for row in rows if row["name"] in RENDER_GOAL_TYPES]
    slowest = max(timed, key=lambda row: row["ms"])
    slowest_cold = max(timed, key=lambda row: row["cold_ms"])
    # Pages the page cache keeps (X-Cache: hit once warm); every page when the site has no page cache.
    kept = [row for row in rows if row["x_cache"] == "hit"] or [row for row in rows if row["x_cache"] is None]
    not_kept = sorted({f"{row['name']} ({row['language']})" for row in rows if row not in kept})
    worst = min(kept, key=lambda row: row["cached_ratio"])
    largest = max((row for row in rows if row["critical_bytes"] is not None), key=lambda row: row["critical_bytes"])
    factors = [row["factor"] for row in series[0]]
    reference = reference_scale(factors)
    changed = [
        f"{rows[0]['name']} ({rows[0]['language']}) {' / '.join(str(row['queries']) for row in rows)}"
        for rows in series
        if len({row["queries"] for row in rows}) > 1
    ]

    def steepest(key):
        """(ratio, page) of the page whose `key` grew most from the reference scale to the largest."""
        return max(((growth_ratio(rows, key, reference), rows[-1]) for rows in series), key=lambda pair: pair[0])

    calls, calls_page = max(steepest("calls"), steepest("cold_calls"), key=lambda pair: pair[0])
    warm, warm_page = steepest("ms")
    cold, cold_page = steepest("cold_ms")
    return [
        (
            f"uncached render <= {RENDER_GOAL_MS} ms median for FAQ, hotline and service pages on SQLite",
            slowest["ms"] <= RENDER_GOAL_MS,
            f"slowest {slowest['ms']:.1f} ms, {label(slowest)}; with every cache empty (cold ms)"
            f" {slowest_cold['cold_ms']:.1f} ms, {label(slowest_cold)}",
        ),
        (
            "cached page throughput >= half the static file's on the same server",
            worst["cached_ratio"] >= 0.5,
            f"lowest {worst['cached_ratio']:.2f}, {label(worst)}"
            + (f"; not counted, as the page cache does not keep them: {', '.join(not_kept)}" if not_kept else ""),
        ),
        (
            "critical path <= 14 KB compressed",
            largest["critical_bytes"] <= 14 * KB,
            f"largest {largest['critical_bytes'] / KB:.1f} KB, {label(largest)}",
        ),
        (
            f"cost flat from {min(factors)}x to {max(factors)}x the demo content: the same SQL queries at every"
            f" scale, and Python function calls at {max(factors)}x at most x{FLAT_RATIO} those at {reference}x",
            # Function calls are judged from 10x only: at 1x several lists are shorter than one page of them.
            (not changed and calls <= FLAT_RATIO) if reference >= 10 else (None if not changed else False),
            (f"queries changed: {', '.join(changed)}" if changed else "queries identical on every page")
            + f"; function calls up to x{calls:.2f} ({calls_page['name']} ({calls_page['language']}));"
            f" render time (not judged: SQL time to count and sort a list grows with the list) up to x{warm:.2f}"
            f" ({warm_page['name']} ({warm_page['language']})), cold up to x{cold:.2f}"
            f" ({cold_page['name']} ({cold_page['language']}))",
        ),
    ]


def python_loop_ms():
    """This machine's speed at plain Python, to compare figures from different machines."""
    return min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000


def report(rows, statics, factors, args, load):
    """Print the tables and the goals; return what failed."""
    print(
        f"\nSQLite, production settings; gunicorn with {args.workers} sync workers, {args.connections} connections,"
        f" {args.seconds:g} s a URL; render ms: median of up to {args.runs}; KB = 1,024 bytes."
        f" {os.cpu_count()} cores, load average {load:.1f} at the start and {os.getloadavg()[0]:.1f} at the end;"
        f" a Python loop, sum(range(10**6)), takes {python_loop_ms():.1f} ms here (best of 5).\n"
    )
    print(figures_table(rows, statics))
    print()
    for static in statics:
        print(
            f"- {static['factor']}x: static file {static['path']}; the load generator used"
            f" {static['uncached_cpu']:.0%} (uncached) and {static['cached_cpu']:.0%} (cached) of one core"
        )
    series = growth(rows, factors)
    if len(factors) > 1:
        print(f"\nFrom {min(factors)}x to {max(factors)}x the demo content\n")
        print(growth_table(series, factors))
    print("\nGoals\n")
    for goal, met, figure in goals(rows, series):
        status = (
            "met for the queries, function calls not judged below 10x" if met is None else "met" if met else "NOT met"
        )
        print(f"- {status}: {goal}. {figure}")
    problems = [
        f"{label(row)}: {row['path']} answered {row['status']} in process, {row['http_status']} over HTTP"
        for row in rows
        if row["status"] != 200 or row["http_status"] != 200
    ]
    problems += [f"at {static['factor']}x, {failure}" for static in statics for failure in static["failures"]]
    for problem in problems:
        print(f"FAILED {problem}")
    return problems
