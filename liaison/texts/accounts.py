"""Texts of the login screen, the signed-in line and the accounts section of the admin pages."""

TEXT = {
    "auth_title": ("兵庫県 DX推進リエゾン ダッシュボード — ログイン", "Hyogo DX Liaison Dashboard — log in"),
    "auth_oidc": ("組織のアカウントでログイン", "Log in with your organisation account"),
    "auth_local": ("ログイン名とパスワードでログイン", "Log in with a login name and password"),
    "auth_caption": (
        "このストアは実データです。ログインした人の役割に応じて、表示と変更できる記録が決まります。"
        "アカウントは管理者が作成します。",
        "This store holds real records. What you see and may change depends on your role. "
        "Accounts are created by an administrator.",
    ),
    "auth_no_admin": (
        "本番用のストアですが、ログインの設定（管理者のアカウント）がないため公開できません。"
        "サーバーで `python -m liaison.accounts create-admin <ログイン名> --name <氏名> --db <ストア>` を実行してください。",
        "This is a real store with no login set up (no administrator account), so it is not served. "
        "Run `python -m liaison.accounts create-admin <login> --name <name> --db <store>` on the server.",
    ),
    "auth_who": ("ログイン中: {name}（{role}）", "Logged in: {name} ({role})"),
    "auth_logout": ("ログアウト", "Log out"),
    "auth_demo_open": (
        "デモ用のストア（架空のデータ）のため、ログインなしで公開しています。",
        "Demo store (fictional data): open without login.",
    ),
}
