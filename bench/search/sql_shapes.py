#!/usr/bin/env python3
"""Times Dateline's search SQL on one SQLite database and, given --postgres, one PostgreSQL database, the way it ran before the ranked window
(count every match, rank every match) beside the windowed way it runs now (read the newest 1,001
matches, rank those), for common words, two words, a phrase, a prefix, a filtered search and a rare
word. Each query runs REPEATS times after one warm-up; the table gives p50 and p95 in ms and the
speed-up. The SQL is written here to mirror SQLiteStoryStore+Search.swift; the HTTP figures in
bench/search/run time the real thing.

    sql_shapes.py DATABASE [--repeats 15]
"""

import argparse
import sqlite3
import statistics
import time

WEIGHTS = "10.0, 5.0, 1.0, 4.0"
CLAUSE = """FROM story_search CROSS JOIN stories ON stories.id = story_search.rowid
CROSS JOIN sections ON sections.id = stories.section_id
WHERE story_search MATCH ? AND stories.status = 'published'"""


def old_shape(db, match, extra=""):
    total = db.execute("SELECT COUNT(*) " + CLAUSE + extra, (match,)).fetchone()[0]
    ids = [r[0] for r in db.execute(
        "SELECT stories.id " + CLAUSE + extra + f" ORDER BY bm25(story_search, {WEIGHTS}), stories.published_at DESC,"
        " stories.id DESC LIMIT 10", (match,))]
    return total, ids


def new_shape(db, match, extra=""):
    rows = db.execute(
        f"SELECT stories.id, bm25(story_search, {WEIGHTS}), stories.published_at " + CLAUSE + extra
        + " ORDER BY story_search.rowid DESC LIMIT 1001", (match,)).fetchall()
    db.execute("SELECT MAX(id) FROM stories").fetchone()
    rows = rows[:1000]
    rows.sort(key=lambda r: (r[1], r[2] or "", r[0]))
    return len(rows), [r[0] for r in rows[:10]]


PG_WEIGHTS = "'{0.1, 0.1, 0.5, 1.0}'"
PG_CLAUSE = """FROM stories JOIN sections ON sections.id = stories.section_id
WHERE stories.search @@ to_tsquery('english', %(q)s) AND stories.status = 'published'"""


def pg_old_shape(db, match, extra=""):
    total = db.execute("SELECT COUNT(*) " + PG_CLAUSE + extra, {"q": match}).fetchone()[0]
    ids = [r[0] for r in db.execute(
        "SELECT stories.id " + PG_CLAUSE + extra
        + f" ORDER BY ts_rank_cd({PG_WEIGHTS}, stories.search, to_tsquery('english', %(q)s)) DESC,"
        " stories.published_at DESC NULLS LAST, stories.id DESC LIMIT 10", {"q": match})]
    return total, ids


def pg_new_shape(db, match, extra=""):
    rows = db.execute(
        f"SELECT stories.id, ts_rank_cd({PG_WEIGHTS}, stories.search, to_tsquery('english', %(q)s))::float8,"
        " stories.published_at, (SELECT MAX(id) FROM stories) " + PG_CLAUSE + extra
        + " ORDER BY stories.id DESC LIMIT 1001", {"q": match}).fetchall()
    rows = rows[:1000]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return len(rows), [r[0] for r in rows[:10]]


def speedup(before, now):
    ratio = before / max(now, 0.001)
    return f"{ratio:.0f}×" if ratio >= 10 else f"{ratio:.1f}×"


def timed(function, *args, repeats):
    function(*args)
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function(*args)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--postgres")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    sqlite_table(args)
    if args.postgres:
        postgres_table(args)


def postgres_table(args):
    import psycopg

    db = psycopg.connect(args.postgres, autocommit=True)
    stories = db.execute("SELECT COUNT(*) FROM stories WHERE status = 'published'").fetchone()[0]
    # The store's own text search configuration (PostgresSchema.searchConfiguration).
    configuration = "dateline_english"
    global PG_CLAUSE
    PG_CLAUSE = PG_CLAUSE.replace("'english'", f"'{configuration}'")
    section = db.execute("SELECT id FROM sections ORDER BY id LIMIT 1").fetchone()[0]
    common = db.execute("SELECT word FROM ts_stat('SELECT search FROM stories WHERE id < 2000') "
                        "WHERE length(word) > 3 ORDER BY ndoc DESC LIMIT 1").fetchone()[0]
    rare = db.execute("SELECT word FROM ts_stat('SELECT search FROM stories') WHERE ndoc BETWEEN 2 AND 5 "
                      "AND length(word) > 5 AND word ~ '^[a-z]+$' LIMIT 1").fetchone()
    cases = [
        (f"common word ({common})", f"'{common}'", ""),
        ("two words (harbour plan)", "'harbour' & 'plan'", ""),
        ('phrase ("harbour plan")', "'harbour' <-> 'plan'", ""),
        ("prefix (counc*)", "'counc':*", ""),
        ("common word, one section", f"'{common}'", f" AND stories.section_id = {section}"),
    ]
    if rare:
        cases.append((f"rare word ({rare[0]})", f"'{rare[0]}'", ""))
    version = db.execute("SHOW server_version").fetchone()[0]
    print()
    print(f"Search SQL on {stories:,} published stories (PostgreSQL {version}); {args.repeats} runs each after a "
          "warm-up; ms")
    print()
    print("| query | matches | before p50 | before p95 | now p50 | now p95 | speed-up (p95) |")
    print("|---|---|---|---|---|---|---|")
    for name, match, extra in cases:
        total, _ = pg_old_shape(db, match, extra)
        before = timed(pg_old_shape, db, match, extra, repeats=args.repeats)
        now = timed(pg_new_shape, db, match, extra, repeats=args.repeats)
        print(f"| {name} | {total:,} | {before[0]:.1f} | {before[1]:.1f} | {now[0]:.1f} | {now[1]:.1f} | "
              f"{speedup(before[1], now[1])} |")


def sqlite_table(args):
    db = sqlite3.connect(f"file:{args.database}?mode=ro", uri=True)
    stories = db.execute("SELECT COUNT(*) FROM stories WHERE status = 'published'").fetchone()[0]
    # The rarest body word that still matches, found from the index's own vocabulary.
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, story_search, 'row')")
    rare = db.execute("SELECT term FROM temp.vocab WHERE doc BETWEEN 2 AND 5 AND term GLOB '[a-z]*' "
                      "AND length(term) > 5 LIMIT 1").fetchone()[0]
    common = db.execute("SELECT term FROM temp.vocab WHERE length(term) > 3 ORDER BY doc DESC LIMIT 1").fetchone()[0]
    section = db.execute("SELECT id FROM sections ORDER BY id LIMIT 1").fetchone()[0]
    cases = [
        (f"common word ({common})", f'("{common}")', ""),
        ("two words (harbour plan)", '("harbour") AND ("plan")', ""),
        ('phrase ("harbour plan")', '("harbour plan")', ""),
        ("prefix (counc*)", '("counc"*)', ""),
        (f"common word, one section", f'("{common}")', f" AND stories.section_id = {section}"),
        (f"rare word ({rare})", f'("{rare}")', ""),
    ]
    print(f"Search SQL on {stories:,} published stories (SQLite {sqlite3.sqlite_version}); "
          f"{args.repeats} runs each after a warm-up; ms")
    print()
    print("| query | matches | before p50 | before p95 | now p50 | now p95 | speed-up (p95) |")
    print("|---|---|---|---|---|---|---|")
    for name, match, extra in cases:
        total, _ = old_shape(db, match, extra)
        before = timed(old_shape, db, match, extra, repeats=args.repeats)
        now = timed(new_shape, db, match, extra, repeats=args.repeats)
        print(f"| {name} | {total:,} | {before[0]:.1f} | {before[1]:.1f} | {now[0]:.1f} | {now[1]:.1f} | "
              f"{speedup(before[1], now[1])} |")


if __name__ == "__main__":
    main()
