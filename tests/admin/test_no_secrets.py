"""Issue 15 (7): no page of the admin shows a password hash, a key's hash or a token version, to either kind of
administrator: every list, the first record's details and edit form, and every create form."""

from __future__ import annotations

import re

SECRETS = ("$argon2", 'name="password_hash"', 'name="token_version"', 'name="key_hash"', "Password Hash", "密码哈希")


async def test_no_admin_page_renders_a_secret(admin_client):
    for username in ("admin", "nph_admin"):
        client = await admin_client(username)
        index = (await client.get("/admin/")).text
        lists = sorted(set(re.findall(r'href="http://caselink.test(/admin/[^"]+/list)"', index)))
        assert "/admin/user/list" in lists
        pages = list(lists)
        for listed in lists:
            text = (await client.get(listed)).text
            base = listed.removesuffix("/list")
            for kind in ("details", "edit"):
                pages += re.findall(rf'href="http://caselink.test({base}/{kind}/[0-9]+)"', text)[:1]
            if f'href="http://caselink.test{base}/create"' in text:
                pages.append(f"{base}/create")
        for page in pages:
            response = await client.get(page)
            assert response.status_code == 200, (username, page)
            for secret in SECRETS:
                assert secret not in response.text, (username, page, secret)
        assert any("/admin/user/edit/" in p for p in pages) and "/admin/user/create" in pages, username
