"""Official ratings: append-only, audited, undoable, and readable as they stood at any moment."""

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from knowledge.store import NothingToUndo, NotYours, Store, as_it_stood

T0 = datetime(2027, 4, 10, 3, 0, tzinfo=UTC)


@pytest.fixture
def store():
    s = Store.open(None)
    yield s
    s.close()


def rate(store, stars, as_of="FY2025", by="u1", name="佐藤", indicator=9, plan="2024", at=T0, **kw):
    return store.rate(plan, indicator, stars, as_of, by, name, interim=kw.pop("interim", False), now=at, **kw)


def test_a_rating_is_stored_with_its_period_and_audited(store):
    made = rate(store, 3, note="本部会議で確認")
    assert (made.stars, made.as_of, made.interim, made.note, made.recorded_at) == (
        3,
        "FY2025",
        False,
        "本部会議で確認",
        "2027-04-10T03:00:00+00:00",
    )
    row = store.audit_log(limit=1)[0]
    assert (row.action, row.indicator, row.detail["rating_id"], row.detail["stars"]) == (
        "rate",
        9,
        made.id,
        3,
    )


def test_a_second_rating_for_the_same_period_corrects_the_first(store):
    first = rate(store, 2)
    second = rate(store, 3, at=T0 + timedelta(hours=1))
    assert store.latest_officials("2024")[9].id == second.id
    assert store.audit_log(limit=1)[0].detail["replaces"] == {"id": first.id, "stars": 2}


def test_undo_withdraws_and_the_earlier_rating_shows_again(store):
    old = rate(store, 2, as_of="FY2024")
    new = rate(store, 3, as_of="FY2025", at=T0 + timedelta(hours=1))
    withdrawn = store.undo_official(new.id, "u1", "佐藤", now=T0 + timedelta(hours=2))
    assert (withdrawn.withdrawn, store.latest_officials("2024")[9].id) == (True, old.id)
    assert store.audit_log(limit=1)[0].action == "unrate"


@pytest.mark.parametrize(("by", "admin", "error"), [("u2", False, NotYours), ("u2", True, None)])
def test_only_ones_own_rating_is_undone_unless_an_admin(store, by, admin, error):
    made = rate(store, 3)
    if error:
        with pytest.raises(error):
            store.undo_official(made.id, by, "鈴木", is_admin=admin)
        assert store.latest_officials("2024")[9].id == made.id
    else:
        assert store.undo_official(made.id, by, "鈴木", is_admin=admin).withdrawn


def test_a_rating_is_withdrawn_once(store):
    made = rate(store, 3)
    store.undo_official(made.id, "u1", "佐藤")
    with pytest.raises(NothingToUndo):
        store.undo_official(made.id, "u1", "佐藤")


@pytest.mark.parametrize("stars", [0, 5, -1])
def test_stars_outside_one_to_four_are_refused(store, stars):
    with pytest.raises(ValueError):
        rate(store, stars)
    assert store.officials_all("2024") == {}


@pytest.mark.parametrize("sql", ["UPDATE ratings SET stars = 4", "DELETE FROM ratings"])
def test_the_database_refuses_to_rewrite_ratings(store, sql):
    rate(store, 3)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.db.execute(sql)


def test_as_it_stood_reads_the_log_at_a_moment(store):
    made = rate(store, 2)
    store.undo_official(made.id, "u1", "佐藤", now=T0 + timedelta(days=2))
    rows = store.officials("2024", 9)
    assert [
        len(as_it_stood(rows, T0 - timedelta(seconds=1))),
        len(as_it_stood(rows, T0 + timedelta(days=1))),
    ] == [0, 1]
    assert (
        as_it_stood(rows, T0 + timedelta(days=3)),
        store.latest_officials("2024", T0 + timedelta(days=1))[9].id,
    ) == (
        [],
        made.id,
    )


def test_the_snapshot_carries_the_ratings_in_effect(store):
    made = rate(store, 4, indicator=3)
    assert store.snapshot("2024").officials == {3: made}
