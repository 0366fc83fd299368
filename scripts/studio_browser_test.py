"""Tusk Studio in headless Chromium (Playwright, Debian's chromium): the pages a developer uses,
each check asserting on the page's content. Run by scripts/studio-browser-test.sh, which builds
the studio, seeds a throwaway database and starts two studios (one --read-only).

usage: studio_browser_test.py STUDIO_URL READ_ONLY_URL DATABASE_URL
"""
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from playwright.sync_api import sync_playwright

studio_url, read_only_url, database_url = sys.argv[1:4]
base = studio_url.split("/?")[0]
read_only_base = read_only_url.split("/?")[0]
screenshots = os.environ.get("STUDIO_SCREENSHOTS") == "1"
image_dir = os.path.join(os.path.dirname(__file__), "..", "docs", "images")
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def psql(sql):
    return subprocess.run(["psql", "-XAtq", "-d", database_url, "-c", sql], check=True, capture_output=True, text=True, timeout=30).stdout.strip()


def http(url, data=None, headers=None):
    """(status, body) of a request made outside the browser (no cookie unless given)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def shot(page, name):
    if screenshots:
        page.screenshot(path=os.path.join(image_dir, f"studio-{name}.png"))


# --- The token: every request without it is refused --------------------------------------------
status, body = http(base + "/")
check(status == 403 and "token" in body, f"GET / without the token is refused with 403 (got {status})")
status, _ = http(base + "/t/users")
check(status == 403, f"GET /t/users without the token is refused with 403 (got {status})")
status, _ = http(base + "/?token=wrong")
check(status == 403, f"a wrong token is refused with 403 (got {status})")
token = urllib.parse.parse_qs(urllib.parse.urlparse(studio_url).query)["token"][0]
# A write carrying the cookie but not the form token (what another web page could send) is refused.
status, _ = http(base + "/t/users/new", data=b"v.name=x", headers={"Cookie": "tusk_studio=" + token})
check(status == 403, f"a POST without the form token is refused with 403 (got {status})")
# A POST from another origin is refused even with both tokens.
status, _ = http(base + "/t/users/new", data=("_token=" + token).encode(), headers={"Cookie": "tusk_studio=" + token, "Origin": "http://evil.example"})
check(status == 403, f"a cross-site POST is refused with 403 (got {status})")

users_before = int(psql("SELECT count(*) FROM users"))

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), headless=True, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1100, "height": 720})
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())

    # --- Tables with row counts ------------------------------------------------------------------
    page.goto(studio_url)
    count = page.locator("#tables td.count[data-table=users]").inner_text()
    check(count == str(users_before), f"the tables page shows users with {users_before} rows (shows {count!r})")
    check(page.locator("#tables a.table-link", has_text="documents").count() == 1, "the tables page lists documents")
    shot(page, "tables")

    # --- Browse a table: keyset pages --------------------------------------------------------------
    page.click("#tables a.table-link:text-is('users')")
    page.wait_for_selector("#rows")
    first_page = page.locator("#rows tr").count() - 1
    check(first_page == min(50, users_before), f"users shows its first page of rows ({first_page})")
    first_ids = page.locator("#rows tr td:nth-child(2)").all_inner_texts()
    if users_before > 50:
        page.click("#next-page")
        page.wait_for_selector("#previous-page")
        second_ids = page.locator("#rows tr td:nth-child(2)").all_inner_texts()
        check(len(second_ids) == users_before - 50 and not set(second_ids) & set(first_ids), f"the next page has the other {users_before - 50} users")
        page.click("#previous-page")
        page.wait_for_selector("#rows")
        check(page.locator("#rows tr td:nth-child(2)").all_inner_texts() == first_ids, "previous returns to the first page, same rows in the same order")
    # Sorted by email, descending: the page is in that order.
    page.goto(base + "/t/users?sort=email&dir=desc")
    emails = page.locator("#rows tr td:nth-child(3)").all_inner_texts()
    expected = psql("SELECT email FROM users ORDER BY email DESC, id DESC LIMIT 50").split("\n")
    check(emails == expected, "users sorted by email descending match the database's order")

    # Keyset pages over a nullable column (NULLs last), 4 rows a page so page boundaries fall among
    # the NULLs too: forwards and back, every row exactly once, in the database's order.
    nulls = int(psql("SELECT count(*) FROM users WHERE nickname IS NULL"))
    check(nulls >= 5, f"the seeded users have NULL nicknames to page through ({nulls})")
    for direction in ["asc", "desc"]:
        expected = psql(f"SELECT id FROM users ORDER BY nickname {direction} NULLS LAST, id {direction}").split("\n")
        page.goto(base + f"/t/users?sort=nickname&dir={direction}&size=4")
        pages = [page.locator("#rows tr td:nth-child(2)").all_inner_texts()]
        for _ in range(40):
            if page.locator("#next-page").count() == 0:
                break
            page.click("#next-page")
            page.wait_for_selector("#rows")
            pages.append(page.locator("#rows tr td:nth-child(2)").all_inner_texts())
        check(sum(pages, []) == expected, f"paging by nickname {direction} (4 a page) shows every user once, in order ({len(pages)} pages)")
        backwards = [page.locator("#rows tr td:nth-child(2)").all_inner_texts()]
        for _ in range(40):
            if page.locator("#previous-page").count() == 0:
                break
            page.click("#previous-page")
            page.wait_for_selector("#rows")
            backwards.insert(0, page.locator("#rows tr td:nth-child(2)").all_inner_texts())
        check(sum(backwards, []) == expected, f"previous pages by nickname {direction} go back through the same rows")

    # --- Filter ------------------------------------------------------------------------------------
    fragment = emails[0].split("@")[0][-4:]
    page.goto(base + "/t/users")
    page.click("details.filters summary")
    page.fill("input[name='f.email.contains']", fragment)
    page.click("#apply-filters")
    page.wait_for_selector("#rows")
    shown = page.locator("#rows tr td:nth-child(3)").all_inner_texts()
    matching = int(psql(f"SELECT count(*) FROM users WHERE strpos(lower(email), lower('{fragment}')) > 0"))
    check(len(shown) == min(matching, 50) and all(fragment.lower() in e.lower() for e in shown), f"email contains {fragment!r}: {len(shown)} rows, each containing it")
    shot(page, "rows")
    # A wrong filter value is a message on the page, not a 500.
    response = page.goto(base + "/t/documents?f.score.min=abc")
    check(response.status == 200 and "abc is not a number" in page.content(), "a wrong number filter shows its message")
    response = page.goto(base + "/t/documents?f.created_at.min=yesterday-ish")
    check(response.status == 200 and "SQLSTATE 22" in page.content(), "a date filter PostgreSQL cannot read shows PostgreSQL's message")
    response = page.goto(base + "/t/documents?f.metadata.json=" + urllib.parse.quote("{not json"))
    check("is not valid JSON" in page.content(), "a JSONB containment filter that is not JSON shows a message")
    page.goto(base + "/t/documents?f.metadata.json=" + urllib.parse.quote("{}"))
    check(page.locator("#rows").count() == 1, "a JSONB containment filter runs")

    # --- Relations: a foreign key opens the referenced row; the row lists its inverse relations -----
    page.goto(base + "/t/documents?f.user_id.null=notnull")
    link = page.locator("#rows a.fk").first
    user_id = link.inner_text()
    link.click()
    page.wait_for_selector("#row")
    check(user_id in page.locator("#row").inner_text() and "/t/users/row" in page.url, f"the user_id link opens users row {user_id}")
    check(page.locator("h2.relation", has_text="documents").count() == 1, "the user's row shows its documents relation")
    owned = int(psql(f"SELECT count(*) FROM documents WHERE user_id = '{user_id}'"))
    check(page.locator("#relation-documents tr").count() - 1 == min(owned, 20), f"the documents relation lists the user's {owned} documents")

    # A document's row: JSONB as a tree, the vector by dimension and norm.
    document_id = psql("SELECT id FROM documents WHERE embedding IS NOT NULL ORDER BY id LIMIT 1")
    page.goto(base + f"/t/documents/row?id={document_id}")
    check(page.locator("#row details.json, #row code").count() >= 1, "the document's metadata is shown as a JSON tree")
    check("vector(3) · norm" in page.locator("#row").inner_text(), "the embedding is shown by dimension and norm")
    shot(page, "row")

    # --- Edit into a validation error (nothing written), then correctly -----------------------------
    original = psql(f"SELECT email FROM users WHERE id = '{user_id}'")
    page.goto(base + f"/t/users/row?id={user_id}")
    page.click("#edit-row")
    page.fill("#field-email", "not-an-email")
    page.fill("#field-name", "x" * 300)
    page.click("#save-row")
    page.wait_for_selector(".message.error")
    message = page.locator(".message.error").inner_text()
    check("format email" in message and "varchar(255)" in message and "Nothing was written" in message, f"the validation errors are shown: {message!r}")
    check(psql(f"SELECT email FROM users WHERE id = '{user_id}'") == original, "nothing was written")
    shot(page, "edit")
    page.fill("#field-email", "studio.edit@example.com")
    page.fill("#field-name", "Edited In Studio")
    page.click("#save-row")
    page.wait_for_selector(".message.ok")
    check("studio.edit@example.com" in page.locator("#row").inner_text(), "the saved row shows the new email")
    check(psql(f"SELECT email || '|' || name FROM users WHERE id = '{user_id}'") == "studio.edit@example.com|Edited In Studio", "the new values are in the database")
    # A unique violation comes back with its SQLSTATE and constraint.
    other = psql(f"SELECT email FROM users WHERE id <> '{user_id}' LIMIT 1")
    page.click("#edit-row")
    page.fill("#field-email", other)
    page.click("#save-row")
    page.wait_for_selector(".message.error")
    message = page.locator(".message.error").inner_text()
    check("23505" in message and "users_email_key" in message, f"a unique violation shows SQLSTATE and constraint: {message!r}")

    # --- Insert a row, then delete it ----------------------------------------------------------------
    page.goto(base + "/t/users/new")
    page.fill("#field-email", "inserted@example.com")
    page.fill("#field-name", "Inserted")
    page.fill("#field-password_hash", "x")
    page.click("#save-row")
    page.wait_for_selector(".message.ok")
    inserted = psql("SELECT id FROM users WHERE email = 'inserted@example.com'")
    check(inserted != "", "the inserted row is in the database")
    page.click("#delete-row")
    page.wait_for_selector(".message.ok")
    check("Deleted." in page.content() and psql("SELECT count(*) FROM users WHERE email = 'inserted@example.com'") == "0", "the deleted row is gone")
    # A missing row and an unknown table are messages.
    response = page.goto(base + f"/t/users/row?id={inserted}")
    check(response.status == 404 and "has no row" in page.content(), "a missing row is a 404 with a message")
    response = page.goto(base + "/t/no_such_table")
    check(response.status == 404 and "no table named no_such_table" in page.content(), "an unknown table is a 404 with a message")
    response = page.goto(base + "/t/users/row?id=not-a-uuid")
    check(response.status == 400 and "22P02" in page.content(), "a row id that is not a key is a 400 with PostgreSQL's message")

    # --- Views: listed with their counts, browsed read-only ---------------------------------------
    views = page.goto(base + "/")
    for view in ["usage_stats"]:
        shown = page.locator(f"#views td.count[data-table={view}]").inner_text()
        check(shown == psql(f"SELECT count(*) FROM {view}"), f"the view {view} is listed with its row count ({shown})")
    page.goto(base + "/t/usage_stats")
    check(page.locator("#rows").count() == 1 and page.locator("#insert-row").count() == 0, "a view's rows are shown, with no insert")
    status, _ = http(base + "/t/usage_stats/new", data=("_token=" + token).encode(), headers={"Cookie": "tusk_studio=" + token})
    check(status == 403, f"a write to a view is refused with 403 (got {status})")

    # --- Migrations -----------------------------------------------------------------------------------
    page.goto(base + "/migrations")
    files = len([f for f in os.listdir(os.path.join(os.path.dirname(__file__), "..", "Generated", "Migrations")) if f.endswith(".sql")])
    applied = page.locator("#migrations tr.state-applied").count()
    check(applied == files, f"the migration page shows all {files} migrations applied ({applied})")
    check("matches Generated/schema.snapshot.json" in page.content(), "the migration page reports no drift")
    page.locator("#migrations details summary").first.click()
    check("-- migrate:up" in page.locator("#migrations pre").first.inner_text().lower() or "create" in page.locator("#migrations pre").first.inner_text().lower(), "a migration's SQL is shown")
    shot(page, "migrations")

    # --- SQL page: rows and a plan -------------------------------------------------------------------
    page.goto(base + "/sql")
    page.fill("#sql", "SELECT count(*) AS n FROM users")
    page.click("#run-sql")
    page.wait_for_selector("#sql-result")
    check(page.locator("#sql-result td").first.inner_text() == psql("SELECT count(*) FROM users"), "the SQL page runs a query")
    page.fill("#sql", "DELETE FROM users")
    page.click("#run-sql")
    page.wait_for_selector(".message.error")
    check(psql("SELECT count(*) FROM users") != "0", "the SQL page does not write")
    page.fill("#sql", "SELECT d.title, u.email FROM documents d JOIN users u ON u.id = d.user_id WHERE d.id < 10 ORDER BY d.title")
    page.click("#explain-sql")
    page.wait_for_selector("#plan")
    plan = page.locator("#plan").inner_text()
    check("cost" in plan and "documents" in plan and "users" in plan and page.locator("#plan ul.plan").count() >= 1, "EXPLAIN shows an indented plan tree")
    shot(page, "sql")

    # --- --read-only refuses every write ----------------------------------------------------------------
    page.goto(read_only_url)
    check("read-only" in page.locator("header").inner_text(), "the read-only studio says so")
    check(page.locator("#insert-row").count() == 0, "the read-only studio offers no insert")
    ro_token = urllib.parse.parse_qs(urllib.parse.urlparse(read_only_url).query)["token"][0]
    status, body = http(read_only_base + "/t/users/new", data=urllib.parse.urlencode({"_token": ro_token, "v.email": "ro@example.com", "v.name": "ro", "v.password_hash": "x"}).encode(), headers={"Cookie": "tusk_studio=" + ro_token})
    check(status == 403 and "read-only" in body and psql("SELECT count(*) FROM users WHERE email = 'ro@example.com'") == "0", f"--read-only refuses an insert with 403 (got {status})")
    status, body = http(read_only_base + f"/t/users/delete?id={user_id}", data=urllib.parse.urlencode({"_token": ro_token}).encode(), headers={"Cookie": "tusk_studio=" + ro_token})
    check(status == 403 and psql(f"SELECT count(*) FROM users WHERE id = '{user_id}'") == "1", f"--read-only refuses a delete with 403 (got {status})")
    browser.close()

if failures:
    print(f"studio browser test: {len(failures)} check(s) failed:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("studio browser test: ok")
