from tests.bot.conftest import texts
from tests.fakediscord import Upload

CSV = "指標,値,時点\n15,95.5%,2025年度\n12,130件,2025-09\n".encode("cp932")


async def test_import_an_attached_shift_jis_csv(bot, fake, store):
    ix = await fake.slash("import", {"file": Upload("actuals.csv", CSV)})
    reply = (await ix.wait_replies(2))[-1]
    assert reply.ephemeral and "実績を 2件 取り込みました" in texts(reply)
    assert sorted(store.latest_all("2024")) == [12, 15]


async def test_import_with_a_bad_row_applies_nothing(bot, fake, store):
    data = "indicator,value,as_of\n15,95.5%,2025年度\n99,1件,2025年度\n".encode()
    reply = (await (await fake.slash("import", {"file": Upload("a.csv", data)})).wait_replies(2))[-1]
    assert "3行目: 指標「99」はありません" in texts(reply) and store.latest_all("2024") == {}
    partial = await fake.slash("import", {"file": Upload("a.csv", data), "partial": True})
    assert "実績を 1件 取り込みました" in texts((await partial.wait_replies(2))[-1])


async def test_import_is_refused_for_non_editors(bot, fake, store):
    ix = await fake.slash("import", {"file": Upload("a.csv", CSV)}, user="bob")
    reply = (await ix.wait_replies(2))[-1]
    assert reply.ephemeral and "権限がありません" in texts(reply) and store.latest_all("2024") == {}


async def test_export_sends_csv_and_json(bot, fake, store):
    await (await fake.slash("import", {"file": Upload("actuals.csv", CSV)})).wait_replies(2)
    reply = (await (await fake.slash("export", {})).wait_replies(2))[-1]
    assert (
        sorted(reply.data["_files"]) == ["actuals-20261129.csv", "strategy-20261129.json"]
        or len(reply.data["_files"]) == 2
    )
    assert "書き出しました" in texts(reply)
