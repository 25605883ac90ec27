"""The schema, as numbered migration steps; ``PRAGMA user_version`` says which have run.

Never edit a released step: add a new one. Tests migrate from every earlier version.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = int.from_bytes(b"QUIZ", "big")  # PRAGMA application_id: the file is ours
# counts for true retention: the day's first review of a card in the review state
_FIRST = "({0}.first_of_day AND {0}.was_review AND {0}.mode = 'review')"

MIGRATIONS: list[str] = [
    # 1: cards, the review log and sessions
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        ended TEXT,
        mode TEXT NOT NULL
    );
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX cards_due ON cards (due);
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        question_id TEXT NOT NULL,
        bank_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        variant_seed INTEGER,
        answer TEXT NOT NULL,
        correct INTEGER NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('review', 'practice', 'cram', 'mock')),
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        prev_card TEXT
    );
    CREATE INDEX reviews_time ON reviews (time);
    CREATE INDEX reviews_question ON reviews (question_id, time);
    """,
    # 2: settings, per-day and per-question aggregates kept by triggers so that statistics
    # over a million reviews read a few thousand rows, and the day's first-review flag.
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    ALTER TABLE reviews ADD COLUMN first_of_day INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reviews ADD COLUMN was_review INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE review_days (
        day TEXT PRIMARY KEY,
        reviews INTEGER NOT NULL,
        correct INTEGER NOT NULL
    );
    CREATE TABLE question_totals (
        question_id TEXT PRIMARY KEY,
        answers INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        retention_n INTEGER NOT NULL,
        retention_correct INTEGER NOT NULL
    );
    INSERT INTO review_days (day, reviews, correct)
        SELECT substr(time, 1, 10), count(*), sum(correct) FROM reviews GROUP BY 1;
    INSERT INTO question_totals
        SELECT question_id, count(*), sum(correct), 0, 0 FROM reviews GROUP BY 1;
    CREATE TRIGGER reviews_insert AFTER INSERT ON reviews BEGIN
        INSERT INTO review_days (day, reviews, correct)
            VALUES (substr(NEW.time, 1, 10), 1, NEW.correct)
            ON CONFLICT (day) DO UPDATE SET reviews = reviews + 1,
                                            correct = correct + NEW.correct;
        INSERT INTO question_totals VALUES (
            NEW.question_id, 1, NEW.correct,
            NEW.was_review AND NEW.mode = 'review',
            (NEW.was_review AND NEW.mode = 'review') * NEW.correct)
            ON CONFLICT (question_id) DO UPDATE SET
                answers = answers + 1,
                correct = correct + NEW.correct,
                retention_n = retention_n + (NEW.was_review AND NEW.mode = 'review'),
                retention_correct = retention_correct
                    + (NEW.was_review AND NEW.mode = 'review') * NEW.correct;
    END;
    CREATE TRIGGER reviews_delete AFTER DELETE ON reviews BEGIN
        UPDATE review_days SET reviews = reviews - 1, correct = correct - OLD.correct
            WHERE day = substr(OLD.time, 1, 10);
        DELETE FROM review_days WHERE day = substr(OLD.time, 1, 10) AND reviews <= 0;
        UPDATE question_totals SET
            answers = answers - 1,
            correct = correct - OLD.correct,
            retention_n = retention_n - (OLD.was_review AND OLD.mode = 'review'),
            retention_correct = retention_correct
                - (OLD.was_review AND OLD.mode = 'review') * OLD.correct
            WHERE question_id = OLD.question_id;
    END;
    CREATE TRIGGER reviews_update_correct AFTER UPDATE OF correct ON reviews BEGIN
        UPDATE review_days SET correct = correct - OLD.correct + NEW.correct
            WHERE day = substr(NEW.time, 1, 10);
    END;
    CREATE INDEX cards_lapses ON cards (lapses);
    """,
    # 3: per-topic totals kept at write time (the store knows no banks, so each answer carries
    # its question's topics), so topic statistics read one row per topic.
    """
    CREATE TABLE review_topics (
        review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
        topic TEXT NOT NULL,
        correct INTEGER NOT NULL,
        counts_for_retention INTEGER NOT NULL,
        PRIMARY KEY (review_id, topic)
    );
    CREATE TABLE topic_totals (
        topic TEXT PRIMARY KEY,
        answers INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        retention_n INTEGER NOT NULL,
        retention_correct INTEGER NOT NULL
    );
    CREATE TRIGGER review_topics_insert AFTER INSERT ON review_topics BEGIN
        INSERT INTO topic_totals VALUES (NEW.topic, 1, NEW.correct, NEW.counts_for_retention,
                                         NEW.counts_for_retention * NEW.correct)
            ON CONFLICT (topic) DO UPDATE SET
                answers = answers + 1,
                correct = correct + NEW.correct,
                retention_n = retention_n + NEW.counts_for_retention,
                retention_correct = retention_correct + NEW.counts_for_retention * NEW.correct;
    END;
    CREATE TRIGGER review_topics_delete AFTER DELETE ON review_topics BEGIN
        UPDATE topic_totals SET
            answers = answers - 1,
            correct = correct - OLD.correct,
            retention_n = retention_n - OLD.counts_for_retention,
            retention_correct = retention_correct - OLD.counts_for_retention * OLD.correct
            WHERE topic = OLD.topic;
    END;
    """,
    # 4: the file says it is quizapp's (application_id, so a foreign SQLite file is never
    # changed); per-day true-retention totals (the day's first review of review-state cards),
    # so statistics over five million reviews read one row per day; recoveries, so every
    # command can say where a damaged database went; the due queue reads (due, id) from one
    # index, and explicit card deletions are counted so the store's set of card ids knows when
    # it must be read again (an answer's INSERT OR REPLACE only ever adds a higher rowid).
    # The retention triggers upsert the day on their own, so they are right in either order
    # beside step 2's triggers (which are never edited).
    f"""
    PRAGMA application_id = {APPLICATION_ID};
    ALTER TABLE review_days ADD COLUMN retention_n INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE review_days ADD COLUMN retention_correct INTEGER NOT NULL DEFAULT 0;
    UPDATE review_days SET (retention_n, retention_correct) = (
        SELECT count(*), coalesce(sum(correct), 0) FROM reviews
        WHERE time >= review_days.day AND time < review_days.day || 'T99'
          AND first_of_day = 1 AND was_review = 1 AND mode = 'review');
    CREATE TRIGGER review_days_retention_insert AFTER INSERT ON reviews BEGIN
        INSERT INTO review_days (day, reviews, correct, retention_n, retention_correct)
            VALUES (substr(NEW.time, 1, 10), 0, 0, {_FIRST.format("NEW")},
                    {_FIRST.format("NEW")} * NEW.correct)
            ON CONFLICT (day) DO UPDATE SET
                retention_n = retention_n + {_FIRST.format("NEW")},
                retention_correct = retention_correct + {_FIRST.format("NEW")} * NEW.correct;
    END;
    CREATE TRIGGER review_days_retention_delete AFTER DELETE ON reviews BEGIN
        UPDATE review_days SET
            retention_n = retention_n - {_FIRST.format("OLD")},
            retention_correct = retention_correct - {_FIRST.format("OLD")} * OLD.correct
            WHERE day = substr(OLD.time, 1, 10);
    END;
    CREATE TRIGGER review_days_retention_correct AFTER UPDATE OF correct ON reviews BEGIN
        UPDATE review_days SET retention_correct = retention_correct
                + {_FIRST.format("NEW")} * (NEW.correct - OLD.correct)
            WHERE day = substr(NEW.time, 1, 10);
    END;
    CREATE TABLE recoveries (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        moved_to TEXT NOT NULL,
        reason TEXT NOT NULL,
        saved TEXT NOT NULL
    );
    CREATE INDEX cards_due_id ON cards (due, question_id);
    DROP INDEX cards_due;
    CREATE TABLE store_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT INTO store_counters VALUES ('card_deletions', 0);
    CREATE TRIGGER cards_delete AFTER DELETE ON cards BEGIN
        UPDATE store_counters SET value = value + 1 WHERE name = 'card_deletions';
    END;
    """,
    # 5: code drill attempts (issue 19). Every check of a learner's code is kept: which
    # question and drill variant, the code's hash (never the code), the verdict's kind, how
    # many hidden cases passed and how long the check ran. The review that scheduled the
    # question (one per asking, when the learner passes and rates or gives up) is linked once
    # written; undoing that review leaves the attempts and unlinks them.
    """
    CREATE TABLE code_attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        question_id TEXT NOT NULL,
        drill_id TEXT NOT NULL,
        code_sha256 TEXT NOT NULL CHECK (length(code_sha256) = 64),
        verdict TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        cases_passed INTEGER NOT NULL,
        cases_total INTEGER NOT NULL,
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        origin TEXT NOT NULL CHECK (origin IN ('app', 'cli')),
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        review_id INTEGER REFERENCES reviews (id) ON DELETE SET NULL
    );
    CREATE INDEX code_attempts_question ON code_attempts (question_id, time);
    CREATE INDEX code_attempts_review ON code_attempts (review_id);
    """,
    # 6: "I was right": a rejected answer the learner counts as right is flagged (claimed), so
    # statistics can say how often each question's grading was overruled; an answer's
    # ``correct`` may now change after it is written, so the per-question and per-topic totals
    # follow it (step 2 kept only the per-day totals in step).
    """
    ALTER TABLE reviews ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX reviews_claimed ON reviews (question_id) WHERE claimed = 1;
    CREATE TRIGGER question_totals_correct AFTER UPDATE OF correct ON reviews BEGIN
        UPDATE question_totals SET
            correct = correct + NEW.correct - OLD.correct,
            retention_correct = retention_correct
                + (NEW.was_review AND NEW.mode = 'review') * (NEW.correct - OLD.correct)
            WHERE question_id = NEW.question_id;
        UPDATE review_topics SET correct = NEW.correct WHERE review_id = NEW.id;
    END;
    CREATE TRIGGER topic_totals_correct AFTER UPDATE OF correct ON review_topics BEGIN
        UPDATE topic_totals SET
            correct = correct + NEW.correct - OLD.correct,
            retention_correct = retention_correct
                + NEW.counts_for_retention * (NEW.correct - OLD.correct)
            WHERE topic = NEW.topic;
    END;
    """,
    # 7: answers per day and per topic by mode, so scheduled reviews, practice (cram) and mock
    # answers are counted apart; they follow an answer whose ``correct`` changes (step 6 makes
    # the review's topics follow it). A review's topics go when it does (a cascade), after its
    # row: their per-mode totals are taken down before.
    """
    CREATE TABLE mode_days (
        day TEXT NOT NULL,
        mode TEXT NOT NULL,
        answers INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        PRIMARY KEY (day, mode)
    );
    INSERT INTO mode_days
        SELECT substr(time, 1, 10), mode, count(*), sum(correct) FROM reviews GROUP BY 1, 2;
    CREATE TABLE topic_modes (
        topic TEXT NOT NULL,
        mode TEXT NOT NULL,
        answers INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        PRIMARY KEY (topic, mode)
    );
    INSERT INTO topic_modes
        SELECT rt.topic, r.mode, count(*), sum(rt.correct)
        FROM review_topics AS rt JOIN reviews AS r ON r.id = rt.review_id GROUP BY 1, 2;
    CREATE TRIGGER mode_days_insert AFTER INSERT ON reviews BEGIN
        INSERT INTO mode_days VALUES (substr(NEW.time, 1, 10), NEW.mode, 1, NEW.correct)
            ON CONFLICT (day, mode) DO UPDATE SET answers = answers + 1,
                                                  correct = correct + NEW.correct;
    END;
    CREATE TRIGGER mode_days_delete AFTER DELETE ON reviews BEGIN
        UPDATE mode_days SET answers = answers - 1, correct = correct - OLD.correct
            WHERE day = substr(OLD.time, 1, 10) AND mode = OLD.mode;
        DELETE FROM mode_days
            WHERE day = substr(OLD.time, 1, 10) AND mode = OLD.mode AND answers <= 0;
    END;
    CREATE TRIGGER mode_days_correct AFTER UPDATE OF correct ON reviews BEGIN
        UPDATE mode_days SET correct = correct - OLD.correct + NEW.correct
            WHERE day = substr(NEW.time, 1, 10) AND mode = NEW.mode;
    END;
    CREATE TRIGGER topic_modes_insert AFTER INSERT ON review_topics BEGIN
        INSERT INTO topic_modes VALUES (
            NEW.topic, (SELECT mode FROM reviews WHERE id = NEW.review_id), 1, NEW.correct)
            ON CONFLICT (topic, mode) DO UPDATE SET answers = answers + 1,
                                                    correct = correct + NEW.correct;
    END;
    CREATE TRIGGER topic_modes_delete BEFORE DELETE ON reviews BEGIN
        UPDATE topic_modes SET
            answers = answers - 1,
            correct = correct - (SELECT rt.correct FROM review_topics AS rt
                                 WHERE rt.review_id = OLD.id AND rt.topic = topic_modes.topic)
            WHERE mode = OLD.mode
              AND topic IN (SELECT topic FROM review_topics WHERE review_id = OLD.id);
        DELETE FROM topic_modes WHERE mode = OLD.mode AND answers <= 0;
    END;
    CREATE TRIGGER topic_modes_correct AFTER UPDATE OF correct ON review_topics BEGIN
        UPDATE topic_modes SET correct = correct - OLD.correct + NEW.correct
            WHERE topic = NEW.topic
              AND mode = (SELECT mode FROM reviews WHERE id = NEW.review_id);
    END;
    """,
    # 8: the due queue and Home's counts read (due, id, state) from one index and never the
    # cards' rows: state decides whether a card due later today is due now, and reading it from
    # each row cost a page per card at 100,000 cards. The order (due, then id) is step 4's.
    """
    CREATE INDEX cards_due_id_state ON cards (due, question_id, state);
    DROP INDEX cards_due_id;
    """,
    # 9: what the first due queue or Home count of a start needs without reading every card id.
    # Card additions are counted beside step 4's deletions (a rename counts as both), each in
    # the transaction that makes it, so the two counters tell whether the set of card ids can
    # have changed. Per catalog (a digest of its id list), the positions of its ids that had
    # no card, as of the counters then (``quizapp.store.summaries``): derived data, never
    # salvaged or backed up, and checked against the cards whenever it is read.
    """
    INSERT INTO store_counters VALUES ('card_additions', 0);
    CREATE TRIGGER cards_add BEFORE INSERT ON cards
        WHEN NOT EXISTS (SELECT 1 FROM cards WHERE question_id = NEW.question_id) BEGIN
        UPDATE store_counters SET value = value + 1 WHERE name = 'card_additions';
    END;
    CREATE TRIGGER cards_rename AFTER UPDATE OF question_id ON cards
        WHEN OLD.question_id IS NOT NEW.question_id BEGIN
        UPDATE store_counters SET value = value + 1
            WHERE name IN ('card_additions', 'card_deletions');
    END;
    CREATE TABLE catalog_summaries (
        catalog TEXT PRIMARY KEY,
        additions INTEGER NOT NULL,
        deletions INTEGER NOT NULL,
        unseen TEXT NOT NULL
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
FIRST_TABLES = frozenset({"sessions", "cards", "reviews"})  # every version has these
TABLES = FIRST_TABLES | {"settings", "review_days", "question_totals", "review_topics"}
TABLES |= {"topic_totals", "recoveries", "store_counters", "code_attempts"}
TABLES |= {"mode_days", "topic_modes", "catalog_summaries"}


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the steps after the database's version, each in its own transaction.

    The connection is in autocommit mode (isolation_level=None); BEGIN IMMEDIATE takes the
    write lock first, so two instances starting at once migrate once.
    """
    for version in range(schema_version(connection) + 1, target + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(connection) < version:
                for statement in _split(MIGRATIONS[version - 1]):
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {version}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return schema_version(connection)


def _split(script: str) -> list[str]:
    """Statements of a step; triggers keep their inner semicolons (complete_statement knows)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
