"""core.migration_triggers: a migration that makes SQLite rebuild a table keeps every
trigger of the database (an existing office's SQLite file stopped at inspections 0006)."""

import sqlite3
from contextlib import contextmanager

import pytest

from core.migration_triggers import triggers_set_aside


class Connection:
    vendor = "sqlite"

    def __init__(self, db):
        self.db = db

    @contextmanager
    def cursor(self):
        yield self.db.cursor()


class SchemaEditor:
    def __init__(self, db):
        self.connection = Connection(db)


def database():
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.executescript(
        """
        CREATE TABLE visit (id INTEGER PRIMARY KEY, unit INTEGER);
        CREATE TABLE opinion (id INTEGER PRIMARY KEY, visit_id INTEGER);
        CREATE TABLE log (unit INTEGER);
        CREATE TRIGGER log_opinion AFTER INSERT ON opinion FOR EACH ROW BEGIN
          INSERT INTO log SELECT unit FROM visit WHERE id = NEW.visit_id; END;
        CREATE TRIGGER log_visit AFTER INSERT ON visit FOR EACH ROW BEGIN
          INSERT INTO log VALUES (NEW.unit); END;
        """
    )
    return db


def rebuild_visit(db):
    """What SQLite's schema editor does to add a foreign key to ``visit``."""
    db.executescript(
        """
        CREATE TABLE new__visit (id INTEGER PRIMARY KEY, unit INTEGER, voided_by INTEGER);
        INSERT INTO new__visit (id, unit) SELECT id, unit FROM visit;
        DROP TABLE visit;
        ALTER TABLE new__visit RENAME TO visit;
        """
    )


def test_without_setting_triggers_aside_the_rebuild_is_refused():
    db = database()
    with pytest.raises(sqlite3.OperationalError, match="log_opinion"):
        rebuild_visit(db)


def test_triggers_on_the_rebuilt_table_and_on_others_are_back_and_working():
    db = database()
    drop, restore = triggers_set_aside()
    editor = SchemaEditor(db)
    drop.code(None, editor)
    rebuild_visit(db)
    restore.code(None, editor)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert names == {"log_opinion", "log_visit"}
    db.execute("INSERT INTO visit (id, unit) VALUES (1, 7)")
    db.execute("INSERT INTO opinion (id, visit_id) VALUES (1, 1)")
    assert [row[0] for row in db.execute("SELECT unit FROM log")] == [7, 7]


def test_backwards_the_steps_swap():
    db = database()
    drop, restore = triggers_set_aside()
    editor = SchemaEditor(db)
    restore.reverse_code(None, editor)  # backwards, the last step drops first
    assert not list(db.execute("SELECT name FROM sqlite_master WHERE type='trigger'"))
    drop.reverse_code(None, editor)
    assert len(list(db.execute("SELECT name FROM sqlite_master WHERE type='trigger'"))) == 2
