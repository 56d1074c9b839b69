import io

from tests.bot.conftest import final, texts
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


async def test_report_sends_the_workbook_and_the_csv_privately(bot, fake, store):
    from openpyxl import load_workbook

    reply = await final(await fake.slash("report", {"plan": "2021", "as_of": "2026-12-01"}))
    assert reply.ephemeral and "第1次改定版 進捗表" in texts(reply)
    assert reply.data["_files"] == ["進捗表-2021-20261201.xlsx", "進捗表-2021-20261201.csv"]
    sent = dict(fake.sent_files)
    ws = load_workbook(io.BytesIO(sent["進捗表-2021-20261201.xlsx"]))["進捗表"]
    assert ws.max_row == 2 + 24 and ws["H3"].value == "★★"
    assert sent["進捗表-2021-20261201.csv"].startswith("\ufeffプロジェクト,No.".encode())


async def test_report_is_refused_for_non_editors_with_no_file(bot, fake):
    reply = await final(await fake.slash("report", {}, user="bob"))
    assert reply.ephemeral and "権限がありません" in texts(reply)
    assert "_files" not in reply.data and fake.sent_files == []


async def test_report_with_a_bad_date_says_what_to_type(bot, fake):
    reply = await final(await fake.slash("report", {"as_of": "来年"}))
    assert reply.ephemeral and "2027-03-31 の形で指定してください" in texts(reply)
