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
    # the アカウント page (views/accounts.py, dashboard/panels/account_forms.py)
    "accounts_page": ("アカウント", "Accounts"),
    "accounts_caption": (
        "有効 {active} 件・無効 {disabled} 件・ロック中 {locked} 件。時刻は日本時間です。パスワードは表示も記録もされません。",
        "{active} active, {disabled} disabled, {locked} locked. Times are Japan time. Passwords are never shown or logged.",
    ),
    "accounts_col_login": ("ログイン名", "Login name"),
    "accounts_col_name": ("氏名", "Name"),
    "accounts_col_role": ("役割", "Role"),
    "accounts_col_tie": ("名簿・部署", "Roster entry / department"),
    "accounts_col_method": ("ログイン方法", "Login"),
    "accounts_col_state": ("状態", "Status"),
    "accounts_col_failures": ("連続失敗", "Failed logins"),
    "accounts_col_created": ("作成日時（日本時間）", "Created (Japan time)"),
    "accounts_col_created_by": ("作成者", "Created by"),
    "accounts_state_active": ("有効", "Active"),
    "accounts_state_disabled": ("無効", "Disabled"),
    "accounts_state_locked": ("ロック中（{until} まで）", "Locked (until {until})"),
    "accounts_with_password": ("パスワード", "Password"),
    "accounts_directory_only": ("ディレクトリのみ", "Directory only"),
    "accounts_label": ("{name}（{login}・{role}）", "{name} ({login}, {role})"),
    "accounts_add": ("アカウントを作成", "Create an account"),
    "accounts_edit": ("役割・氏名を変更", "Edit role and name"),
    "accounts_password": ("パスワードを再設定", "Reset a password"),
    "accounts_unlock": ("ロックを解除", "Unlock"),
    "accounts_activity": ("利用停止・再開", "Disable / enable"),
    "accounts_login_name": ("ログイン名", "Login name"),
    "accounts_login_help": (
        "ログイン画面で入力する名前。組織のアカウント（ディレクトリ）でログインする人はそのメールアドレス。",
        "What is typed at the login screen; for a directory login, the person's e-mail address.",
    ),
    "accounts_display_name": ("氏名", "Name"),
    "accounts_role": ("役割", "Role"),
    "accounts_liaison": ("名簿の人（地域リエゾン・分野リエゾン）", "Roster entry (regional / field liaison)"),
    "accounts_department": ("部署（関係部署）", "Department (関係部署)"),
    "accounts_none": ("（なし）", "(none)"),
    "accounts_tie_hint": (
        "地域リエゾン・分野リエゾンは名簿の人と、関係部署は部署と結び付けます。ほかの役割はどちらもなしです。",
        "Liaisons are tied to their roster entry, 関係部署 to a department; other roles to neither.",
    ),
    "accounts_directory_check": (
        "ディレクトリでのみログイン（パスワードなし）",
        "Directory login only (no password)",
    ),
    "accounts_password_1": ("初期パスワード", "Initial password"),
    "accounts_password_new": ("新しいパスワード", "New password"),
    "accounts_password_2": ("パスワード（確認）", "Password (again)"),
    "accounts_password_mismatch": ("確認のパスワードが一致しません。", "The two passwords differ."),
    "accounts_password_missing": (
        "パスワードを入力するか、「ディレクトリでのみログイン」を選んでください。",
        "Enter a password, or choose directory login only.",
    ),
    "accounts_add_submit": ("アカウントを作成する", "Create the account"),
    "accounts_add_done": (
        "アカウント「{login}」（{name}）を作成しました。",
        "Created the account “{login}” ({name}).",
    ),
    "accounts_pick": ("アカウント", "Account"),
    "accounts_edit_submit": ("変更を保存する", "Save the changes"),
    "accounts_edit_done": ("アカウント「{login}」を変更しました。", "Saved the account “{login}”."),
    "accounts_password_hint": (
        "再設定すると、その人のログイン中のセッションは終わり、ロックも解除されます。",
        "Resetting ends the person's open sessions and lifts any lock.",
    ),
    "accounts_password_submit": ("パスワードを再設定する", "Reset the password"),
    "accounts_password_done": (
        "アカウント「{login}」のパスワードを再設定しました。",
        "Reset the password of “{login}”.",
    ),
    "accounts_unlock_none": (
        "ロック中・ログイン失敗のあるアカウントはありません。",
        "No account is locked or has failed logins.",
    ),
    "accounts_unlock_hint": (
        "続けて 5 回失敗すると 15 分ロックされます。解除すると失敗の回数も 0 に戻ります。",
        "Five failures in a row lock an account for 15 minutes. Unlocking also resets the count.",
    ),
    "accounts_unlock_submit": ("ロックを解除する", "Unlock"),
    "accounts_unlock_done": ("アカウント「{login}」のロックを解除しました。", "Unlocked “{login}”."),
    "accounts_activity_hint": (
        "利用停止にすると、その人のログイン中のセッションはすぐに終わります。アカウントと記録は残ります。",
        "Disabling ends the person's sessions at once; the account and its records stay.",
    ),
    "accounts_disable_submit": ("利用停止にする", "Disable"),
    "accounts_enable_submit": ("利用を再開する", "Enable"),
    "accounts_disabled_done": ("アカウント「{login}」を利用停止にしました。", "Disabled “{login}”."),
    "accounts_enabled_done": ("アカウント「{login}」の利用を再開しました。", "Enabled “{login}”."),
}
