// The texts of HR's and the administrator's screens and their help pages
// (issue 18), kept apart from i18n.ts so that the two grow without meeting.

export const adminJa = {
  nav2: {
    hr: "人事", admin: "管理", verify: "家族の確認", leave: "休暇・出勤必須日", staff: "職員", audit: "監査ログ",
    organization: "組織の設定", departments: "所属", offices: "事業所", occupancy: "事業所の利用状況",
  },
  help: {
    link: "この画面のヘルプ", title: "ヘルプ: {{screen}}", purpose: "この画面の目的", rules: "適用されるルール", back: "画面に戻る",
    reference: "在宅勤務規程リファレンス", referenceLink: "規程リファレンスの「{{key}}」を見る", notFound: "このヘルプはありません。",
    referenceIntro: "在宅勤務規程の各キーの意味と既定値です。規程は人事が「在宅勤務規程」の画面で版として登録します。",
  },
  importer: {
    file: "CSV ファイル", fileHelp: "Excel の「CSV」（Shift_JIS）、「CSV UTF-8」のどちらでも読み込めます。",
    check: "内容を確認する（取り込みません）", run: "取り込む", checked: "確認しました。この内容で取り込めます（まだ保存していません）。",
    refused: "取り込めない行があります。ファイルを直して、もう一度確認してください。何も保存していません。",
    encoding: "文字コード: {{enc}}", line: "行", column: "列", problem: "内容", outcome: "結果", header: "見出し行",
    counts: "{{rows}}行: 新規 {{created}}人、更新 {{updated}}人、変更なし {{unchanged}}人",
    done: "取り込みました。", stored: "{{n}}件を保存しました。",
    outcomes: { create: "新規", update: "更新", unchanged: "変更なし" },
  },
  verify: {
    title: "家族の確認", intro: "職員が登録した家族の情報を、証明書類で確認して記録します。一覧を開いた記録は監査ログに残ります。",
    empty: "確認を待っている家族の情報はありません。", employee: "職員", member: "家族", evidence: "職員が添えた説明",
    verify: "確認済みにする", dialog: "{{name}}さん（{{relation}}）を確認済みにする", note: "確認した内容（例: 住民票の写しで確認）",
    done: "確認済みにしました。", birth: "生年月日", care: "要介護{{n}}", cohabiting: "同居", separate: "別居", partnership: "パートナーシップ宣誓書",
  },
  leave: {
    title: "休暇・出勤必須日", intro: "休暇と出勤必須日を1件ずつ入力するか、CSV でまとめて取り込みます。CSV は先に内容を確認してから取り込みます。",
    one: "1件ずつ入力", employee: "職員", date: "日付", kind: "種別", portion: "区分", note: "備考", save: "登録する", saved: "登録しました。",
    importTitle: "CSV で取り込む",
    importHelp: "見出し: 職員番号, 日付, 種別（休暇 / 出勤必須）, 区分（終日 / 午前 / 午後）, 備考",
    kinds: { leave: "休暇", essential: "出勤必須" }, portions: { full: "終日", am: "午前", pm: "午後" },
    list: "登録済み（今月以降）", empty: "登録はありません。", remove: "削除", removeConfirm: "{{name}}さんの{{date}}の登録を削除しますか。",
  },
  staff: {
    title: "職員", intro: "氏名（漢字・かな）、職員番号で検索できます。人事は閲覧と異動の登録、管理者は職員情報の編集もできます。",
    search: "氏名・かな・職員番号で検索", department: "所属", all: "すべての所属", showInactive: "退職・無効の職員も表示",
    number: "職員番号", name: "氏名", kana: "よみ", roles: "役割", supervisor: "上司", email: "メールアドレス", employment: "任用形態",
    remotePC: "テレワーク端末あり", active: "在職", inactive: "無効", empty: "該当する職員はいません。", more: "さらに表示",
    detail: "{{name}}さんの情報", history: "所属の履歴（異動）", historyFrom: "{{from}}から", historyNow: "現在", historyEmpty: "履歴はまだありません。",
    planned: "発令予定", transfer: "異動を登録", transferTo: "異動先", effectiveFrom: "発令日", transferNote: "備考", transferred: "異動を登録しました。",
    familyName: "姓", givenName: "名", familyKana: "姓（カナ）", givenKana: "名（カナ）",
    create: "職員を登録", edit: "編集", save: "保存する", created: "登録しました。", saved: "保存しました。",
    deactivate: "無効にする", deactivateConfirm: "{{name}}さんを無効にしますか。サインインできなくなり、記録は残ります。", reactivate: "有効に戻す",
    reset: "パスワードを再設定", resetTitle: "{{name}}さんのパスワードを再設定", newPassword: "新しいパスワード（12文字以上）", resetDone: "パスワードを再設定しました。本人に安全な方法で伝えてください。",
    password: "初期パスワード（任意）", importTitle: "CSV で取り込む",
    importHelp: "見出し: 職員番号, 姓, 名, 姓（カナ）, 名（カナ）, メールアドレス, 所属コード, 上司職員番号, 役割, 任用形態, テレワーク端末, 在職",
    readOnly: "職員情報の変更は管理者（情報政策課）が行います。", noSupervisor: "なし", close: "閉じる",
    roleNames: { employee: "職員", supervisor: "上司", hr: "人事", admin: "管理者" },
    employmentTypes: { regular: "正規", fiscal_year: "会計年度任用", reappointed: "再任用", reappointed_short: "再任用短時間", fixed_term: "任期付", temporary: "臨時的任用", probationary: "条件付採用" },
  },
  audit: {
    title: "監査ログ", intro: "この組織の職員が行った操作の記録です。新しい順に表示します。",
    actor: "操作した人", action: "操作", target: "対象の種類", targetId: "対象のID", from: "開始日", to: "終了日", filter: "絞り込む", clear: "条件を消す",
    when: "日時", what: "操作", who: "操作した人", system: "システム", before: "変更前", after: "変更後", none: "なし",
    empty: "該当する記録はありません。", more: "さらに表示", details: "変更前後を見る", export: "書き出す", exportCsv: "CSV", exportXlsx: "Excel (XLSX)",
    onBehalf: "{{name}}さんの代理",
  },
  org: {
    title: "組織の設定", intro: "組織の名前、タイムゾーン、表示言語、担当者、通知の Webhook を設定します。",
    name: "組織名", timeZone: "タイムゾーン", language: "既定の表示言語", save: "保存する", saved: "保存しました。",
    officers: "担当者", officerRole: "役職（英小文字・例: information_security_officer）", officerPerson: "職員", addOfficer: "担当者を追加", removeOfficer: "{{role}}を外す",
    webhook: "Webhook（通知の送り先）", webhookUrl: "Webhook の URL（https://）",
    webhookHelp: "Microsoft Teams や LINE WORKS の受信 Webhook です。URL は管理者にだけ表示されます。",
    test: "テスト送信", testQueued: "テスト送信を受け付けました（送信先: {{host}}）。",
    state: { pending: "送信待ち", delivered: "届きました", failing: "送信できませんでした（再試行します）" },
    officerNames: { information_security_officer: "情報セキュリティ責任者", personnel_officer: "人事担当者" },
  },
  dept: {
    title: "所属", intro: "部・課・係の組織図です。所属長、窓口業務、マイナンバー事務を設定し、組織改正では移動や廃止ができます。",
    add: "所属を追加", addUnder: "{{name}}の下に追加", edit: "編集", save: "保存する", saved: "保存しました。", created: "追加しました。",
    code: "所属コード", name: "名称", kana: "名称（カナ）", kind: "区分", parent: "上位の所属", noParent: "なし（最上位）", head: "所属長",
    counter: "窓口業務", myNumber: "マイナンバー事務", active: "有効", closed: "廃止", deactivate: "廃止する", reactivate: "再開する",
    deactivateConfirm: "{{name}}を廃止しますか。履歴は残り、新しい職員は配属できなくなります。", showClosed: "廃止した所属も表示",
    members: "所属の職員", history: "この所属の履歴", kinds: { bureau: "局", department: "部", division: "課", section: "係" },
    tree: "組織図",
  },
  offices: {
    title: "事業所", intro: "本庁舎・サテライトオフィスの開館時間、予約の単位、管理者、連携団体との共用、座席を設定します。",
    add: "事業所を追加", open: "開く", name: "名称", kind: "種類", address: "所在地", active: "利用できる", inactive: "停止中", owner: "所有団体",
    detailTitle: "事業所: {{name}}", settings: "設定", hours: "開館時間", weekday: "曜日", opens: "開館", closes: "閉館", closedDay: "休館",
    closedOnHolidays: "祝日は休館", closedDays: "臨時休館日（YYYY-MM-DD をカンマ区切り）", closedDaysShort: "臨時休館日", unit: "予約の単位", midday: "午前と午後の境",
    advance: "何日先まで予約できるか", perDay: "1人1日あたりの上限（分）", managers: "管理者", sharing: "連携団体との共用",
    sharedWith: "共用する団体（団体の識別子）", sharedWithHelp: "相手の団体の識別子（例: demo-town）を入力して Enter を押します。相手の職員が予約でき、その記録は相手の団体の監査ログに残ります。",
    save: "保存する", saved: "保存しました。", spaces: "座席・ブース・会議室", addSpace: "座席などを追加", spaceName: "名称・番号",
    floor: "階", zone: "区画", capacity: "定員", attributes: "設備", spaceAdded: "追加しました。", spaceSaved: "保存しました。", stop: "停止", resume: "再開",
    occupancy: "利用状況（{{from}}〜{{to}}）", occupancyHelp: "予約の件数と時間です。他の団体の利用は団体ごとの件数だけで、氏名は表示しません。",
    byOrganization: "団体別", bookings: "予約件数", hoursBooked: "予約時間", utilisation: "利用率", period: "期間", noOccupancy: "利用状況を見る権限がありません（人事または事業所の管理者が見られます）。",
    qrSheet: "チェックイン用 QR コードを印刷する（A4）", checkin: "チェックイン", checkinRequired: "チェックインを必須にする（猶予時間を過ぎても来なかった予約は自動で解放します）",
    checkinBefore: "開始の何分前から受け付けるか", checkinGrace: "開始後の猶予（分）", walkIns: "予約なしの利用", walkInsAllowed: "空いている席は予約なしでチェックインして使えるようにする",
    checkinRule: "必須（開始{{before}}分前から、開始後{{grace}}分まで）", checkinNotRequired: "必須ではありません", units: { "15m": "15分", "30m": "30分", "60m": "1時間", half_day: "半日", day: "1日" },
    weekdays: ["日", "月", "火", "水", "木", "金", "土"],
  },
};

export const adminEn: typeof adminJa = {
  nav2: {
    hr: "HR", admin: "Administration", verify: "Family verification", leave: "Leave and essential days", staff: "Staff", audit: "Audit log",
    organization: "Organisation", departments: "Departments", offices: "Offices", occupancy: "Office use",
  },
  help: {
    link: "Help for this screen", title: "Help: {{screen}}", purpose: "What this screen is for", rules: "Rules that apply", back: "Back to the screen",
    reference: "Telework policy reference", referenceLink: "See “{{key}}” in the policy reference", notFound: "There is no such help page.",
    referenceIntro: "What each key of the telework policy means, and its default. HR stores the policy as versions on the Telework rules screen.",
  },
  importer: {
    file: "CSV file", fileHelp: "Excel's “CSV” (Shift_JIS) and “CSV UTF-8” are both read.",
    check: "Check the file (imports nothing)", run: "Import", checked: "Checked: the file can be imported as shown (nothing stored yet).",
    refused: "Some rows cannot be imported. Correct the file and check it again. Nothing was stored.",
    encoding: "Encoding: {{enc}}", line: "Line", column: "Column", problem: "Problem", outcome: "Result", header: "Header",
    counts: "{{rows}} rows: {{created}} new, {{updated}} updated, {{unchanged}} unchanged",
    done: "Imported.", stored: "{{n}} stored.",
    outcomes: { create: "New", update: "Updated", unchanged: "Unchanged" },
  },
  verify: {
    title: "Family verification", intro: "Check the family members staff entered against their documents, and record it. Opening this list is recorded in the audit log.",
    empty: "No family member awaits verification.", employee: "Staff member", member: "Family member", evidence: "Staff member's note",
    verify: "Mark as verified", dialog: "Verify {{name}} ({{relation}})", note: "What you checked (e.g. a copy of the residence record)",
    done: "Marked as verified.", birth: "Born", care: "Care level {{n}}", cohabiting: "Lives together", separate: "Lives apart", partnership: "Partnership certificate",
  },
  leave: {
    title: "Leave and essential days", intro: "Enter leave and essential-staff days one at a time, or import a CSV. A CSV is checked before anything is stored.",
    one: "Enter one", employee: "Staff member", date: "Date", kind: "Kind", portion: "Portion", note: "Note", save: "Save", saved: "Saved.",
    importTitle: "Import a CSV",
    importHelp: "Headers: employee_number, date, kind (leave / essential), portion (full / am / pm), note",
    kinds: { leave: "Leave", essential: "Essential" }, portions: { full: "Full day", am: "Morning", pm: "Afternoon" },
    list: "Entered (this month on)", empty: "Nothing entered.", remove: "Remove", removeConfirm: "Remove {{name}}'s entry on {{date}}?",
  },
  staff: {
    title: "Staff", intro: "Search by name (kanji or kana) or staff number. HR reads and enters transfers; administrators also edit staff records.",
    search: "Search by name, reading or number", department: "Department", all: "All departments", showInactive: "Show staff who have left",
    number: "Staff number", name: "Name", kana: "Reading", roles: "Roles", supervisor: "Supervisor", email: "E-mail", employment: "Employment",
    remotePC: "Has a remote PC", active: "Active", inactive: "Inactive", empty: "No staff match.", more: "Show more",
    detail: "{{name}}", history: "Department history", historyFrom: "from {{from}}", historyNow: "now", historyEmpty: "No history yet.",
    planned: "to come", transfer: "Enter a transfer", transferTo: "To department", effectiveFrom: "Effective from", transferNote: "Note", transferred: "Transfer entered.",
    familyName: "Family name", givenName: "Given name", familyKana: "Family name (kana)", givenKana: "Given name (kana)",
    create: "Add a staff member", edit: "Edit", save: "Save", created: "Added.", saved: "Saved.",
    deactivate: "Deactivate", deactivateConfirm: "Deactivate {{name}}? They can no longer sign in; their records stay.", reactivate: "Reactivate",
    reset: "Reset password", resetTitle: "Reset {{name}}'s password", newPassword: "New password (12 characters or more)", resetDone: "Password reset. Tell the person by a safe channel.",
    password: "Initial password (optional)", importTitle: "Import a CSV",
    importHelp: "Headers: employee_number, family_name, given_name, family_name_kana, given_name_kana, email, department_code, supervisor_number, roles, employment_type, has_remote_pc, active",
    readOnly: "Staff records are changed by an administrator.", noSupervisor: "None", close: "Close",
    roleNames: { employee: "Employee", supervisor: "Supervisor", hr: "HR", admin: "Administrator" },
    employmentTypes: { regular: "Regular", fiscal_year: "Fiscal-year appointee", reappointed: "Reappointed", reappointed_short: "Reappointed, short hours", fixed_term: "Fixed-term appointee", temporary: "Temporary", probationary: "Probationary" },
  },
  audit: {
    title: "Audit log", intro: "What this organisation's staff did, newest first.",
    actor: "Who", action: "Action", target: "Target type", targetId: "Target id", from: "From", to: "To", filter: "Filter", clear: "Clear",
    when: "When", what: "Action", who: "Who", system: "System", before: "Before", after: "After", none: "None",
    empty: "No events match.", more: "Show more", details: "Show before and after", export: "Export", exportCsv: "CSV", exportXlsx: "Excel (XLSX)",
    onBehalf: "for {{name}}",
  },
  org: {
    title: "Organisation", intro: "The organisation's name, time zone, language, named officers and notification webhook.",
    name: "Name", timeZone: "Time zone", language: "Default language", save: "Save", saved: "Saved.",
    officers: "Named officers", officerRole: "Office (lower-case, e.g. information_security_officer)", officerPerson: "Staff member", addOfficer: "Add an officer", removeOfficer: "Remove {{role}}",
    webhook: "Webhook (notifications)", webhookUrl: "Webhook URL (https://)",
    webhookHelp: "An incoming webhook of Microsoft Teams, LINE WORKS or the like. Only administrators see the URL.",
    test: "Send a test", testQueued: "Test queued (to {{host}}).",
    state: { pending: "Waiting to be sent", delivered: "Delivered", failing: "Could not be sent (will retry)" },
    officerNames: { information_security_officer: "Information security officer", personnel_officer: "Personnel officer" },
  },
  dept: {
    title: "Departments", intro: "The organisation chart (部 → 課 → 係): heads, counter and My Number work; move or close departments in a reorganisation.",
    add: "Add a department", addUnder: "Add under {{name}}", edit: "Edit", save: "Save", saved: "Saved.", created: "Added.",
    code: "Code", name: "Name", kana: "Name (kana)", kind: "Level", parent: "Parent", noParent: "None (top level)", head: "Head",
    counter: "Counter work", myNumber: "My Number work", active: "Open", closed: "Closed", deactivate: "Close", reactivate: "Reopen",
    deactivateConfirm: "Close {{name}}? Its history stays; it takes no new staff.", showClosed: "Show closed departments",
    members: "Staff", history: "History of this department", kinds: { bureau: "Bureau", department: "Department", division: "Division", section: "Section" },
    tree: "Organisation chart",
  },
  offices: {
    title: "Offices", intro: "Opening hours, booking unit, managers, sharing with partner organisations and the spaces of the main building and satellite offices.",
    add: "Add an office", open: "Open", name: "Name", kind: "Kind", address: "Address", active: "In use", inactive: "Suspended", owner: "Owner",
    detailTitle: "Office: {{name}}", settings: "Settings", hours: "Opening hours", weekday: "Day", opens: "Opens", closes: "Closes", closedDay: "Closed",
    closedOnHolidays: "Closed on national holidays", closedDays: "Extra closed days (YYYY-MM-DD, comma separated)", closedDaysShort: "Extra closed days", unit: "Booking unit", midday: "Midday",
    advance: "How many days ahead one may book", perDay: "Most minutes per person per day", managers: "Managers", sharing: "Sharing with partner organisations",
    sharedWith: "Shared with (organisation identifiers)", sharedWithHelp: "Type the partner's identifier (e.g. demo-town) and press Enter. Its staff may then book; their bookings are in the partner's own audit log.",
    save: "Save", saved: "Saved.", spaces: "Seats, booths and rooms", addSpace: "Add a space", spaceName: "Name or number",
    floor: "Floor", zone: "Zone", capacity: "Capacity", attributes: "Equipment", spaceAdded: "Added.", spaceSaved: "Saved.", stop: "Suspend", resume: "Resume",
    occupancy: "Use ({{from}} – {{to}})", occupancyHelp: "Bookings and hours. Other organisations' use shows as counts per organisation, never names.",
    byOrganization: "By organisation", bookings: "Bookings", hoursBooked: "Hours booked", utilisation: "Utilisation", period: "Period", noOccupancy: "You may not read this office's use (HR and the office's managers may).",
    qrSheet: "Print the check-in QR codes (A4)", checkin: "Check-in", checkinRequired: "Require check-in (bookings not checked in by the end of the grace period are released)",
    checkinBefore: "Opens this many minutes before the start", checkinGrace: "Grace after the start (minutes)", walkIns: "Walk-ins", walkInsAllowed: "A free space can be used by checking in without a booking",
    checkinRule: "Required (from {{before}} minutes before the start to {{grace}} minutes after)", checkinNotRequired: "Not required", units: { "15m": "15 minutes", "30m": "30 minutes", "60m": "1 hour", half_day: "Half day", day: "Day" },
    weekdays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
  },
};

// helpJa/helpEn: each screen's help page (purpose, the rules that apply and,
// where it helps, the key of the policy reference).
export const helpTopics = ["verify", "leave", "staff", "audit", "organization", "departments", "offices"] as const;
export type HelpTopic = (typeof helpTopics)[number];

export const helpJa: Record<HelpTopic, { purpose: string; rules: string[]; reference?: string }> = {
  verify: {
    purpose: "職員が「家族の情報」に登録した家族（子、要介護の親、パートナーなど）を、人事が証明書類で確認する画面です。介護や育児を事由とする在宅勤務は、家族の情報をもとに判定されます。",
    rules: [
      "家族の情報は本人と人事だけが見られます。承認者（上司）には家族の氏名や詳細は表示されません。",
      "この一覧を開くたびに、誰がいつ読んだかが監査ログ（family_member.read）に記録されます。",
      "確認済みにするときは、何で確認したか（例: 住民票の写し、介護保険被保険者証）をメモに残してください。メモは監査ログの変更前後には含まれません。",
      "職員が家族の情報を変更すると、確認は取り消され、再び確認待ちになります。",
    ],
    reference: "family",
  },
  leave: {
    purpose: "休暇と出勤必須日（窓口当番、議会対応など）を登録する画面です。登録した日は勤務地の台帳と予定に反映され、在宅勤務の判定にも使われます。",
    rules: [
      "1件ずつ入力するか、CSV でまとめて取り込みます。CSV はまず「内容を確認する」で全行を検査し、問題がなければ取り込みます。",
      "1行でも誤りがあると、何も保存されません。誤りは行と列で示されます。",
      "文字コードは UTF-8（BOM あり・なし）と Shift_JIS を自動で判別します。",
      "登録・削除はすべて監査ログに残ります。",
    ],
    reference: "attendance",
  },
  staff: {
    purpose: "職員の一覧と詳細（所属、役割、上司、所属の履歴）を見る画面です。管理者は職員の登録・編集・無効化、パスワードの再設定、CSV での一括取り込みができます。",
    rules: [
      "人事は全職員を閲覧し、異動（発令日つき）を登録できます。職員情報の変更、無効化、パスワードの再設定は管理者だけができます。",
      "検索は漢字・ひらがな・カタカナ・職員番号のどれでもできます（たなか で タナカ も見つかります）。",
      "CSV の取り込みは職員番号で照合し、新規は登録、既存は更新します。まず確認だけを行い、行ごとの結果を見てから取り込みます。1行でも誤りがあれば何も保存されません。",
      "Excel で保存した Shift_JIS の CSV もそのまま取り込めます。",
      "無効にした職員はサインインできませんが、申請や監査の記録は残ります。",
      "異動は発令日から有効になります。それまでは、勤務地の台帳、出勤率の下限、承認の流れで元の所属として数えます。",
    ],
  },
  audit: {
    purpose: "この組織の職員が行ったすべての変更と、機微な情報の閲覧の記録を確認する画面です。",
    rules: [
      "人事と管理者が読めます。自分の組織の記録だけが表示されます。",
      "連携団体の職員が共用のサテライトオフィスを予約した記録は、その職員の団体の監査ログに残ります。事業所を持つ団体は、事業所の利用状況で団体ごとの件数を見られます（氏名は表示されません）。",
      "変更前・変更後の値には、家族の情報や健康上の理由などの機微な情報は含まれません。",
      "条件で絞り込んだ結果を CSV または Excel で書き出せます。",
    ],
  },
  organization: {
    purpose: "組織名、タイムゾーン、既定の表示言語、担当者（情報セキュリティ責任者など）と、通知を送る Webhook を設定する画面です。",
    rules: [
      "変更できるのは管理者だけです。変更はすべて監査ログに残ります。",
      "Webhook の URL は https:// で始まる必要があります。庁内ネットワークのアドレスへは、運用者が許可しない限り送信しません。",
      "「テスト送信」は実際の通知と同じ経路で送られ、その結果（届いたか、失敗したか）が表示されます。テスト送信も監査ログに残ります。",
    ],
  },
  departments: {
    purpose: "部・課・係の組織図を管理する画面です。所属長、窓口業務、マイナンバー事務の設定は在宅勤務の判定と承認の流れに使われます。",
    rules: [
      "4月1日の組織改正では、所属を別の上位所属に移すか、職員がいなくなった所属を廃止します。",
      "廃止した所属は履歴を残し、新しい職員は配属できません。在籍者や有効な下位所属がある間は廃止できません。",
      "窓口業務・マイナンバー事務の所属は、規程によって在宅勤務が制限されることがあります。",
    ],
    reference: "eligibility",
  },
  offices: {
    purpose: "本庁舎とサテライトオフィスの開館時間、休館日、予約の単位、予約できる期間、管理者、連携団体との共用、座席・ブース・会議室を設定する画面です。",
    rules: [
      "事業所を持つ団体の管理者だけが共用の設定を変更できます。事業所の管理者は座席を変更できます。",
      "共用した団体の職員は空き状況を見て予約できます。他の団体の予約は「予約済み」とだけ表示されます。",
      "利用状況は人事と事業所の管理者が見られます。他の団体の利用は件数と時間だけで、氏名は表示しません。",
      "閉庁日（年末年始、祝日）は事業所も休館になります。",
    ],
  },
};

export const helpEn: typeof helpJa = {
  verify: {
    purpose: "HR checks the family members staff entered under Family members (children, parents needing care, partners) against documents. Telework for childcare or nursing care is decided from them.",
    rules: [
      "Family details are seen by the person and HR only; approvers never see names or details.",
      "Every opening of this list records who read it and when in the audit log (family_member.read).",
      "When verifying, note what you checked (e.g. a copy of the residence record). The note is kept out of the audit log's before and after values.",
      "When the person changes a family member, the verification is withdrawn and it awaits verification again.",
    ],
    reference: "family",
  },
  leave: {
    purpose: "Enter leave and essential-staff days (counter duty, council sessions). They go into the work-location ledger and schedules, and the telework rules read them.",
    rules: [
      "Enter one at a time, or import a CSV: first check it (every row is checked), then import.",
      "If any row is wrong nothing is stored; problems are named by line and column.",
      "UTF-8 (with or without BOM) and Shift_JIS are recognised.",
      "Every entry and removal is in the audit log.",
    ],
    reference: "attendance",
  },
  staff: {
    purpose: "The staff list and each person's details (department, roles, supervisor, department history). Administrators add, edit and deactivate staff, reset passwords and import a CSV.",
    rules: [
      "HR reads everyone and enters transfers with their effective date; only administrators edit records, deactivate staff and reset passwords.",
      "Search by kanji, hiragana, katakana or staff number (たなか also finds タナカ).",
      "The CSV import matches rows by staff number: new numbers are added, known ones updated. Check first and read the result row by row; if any row is wrong nothing is stored.",
      "A Shift_JIS CSV saved by Excel is read as it is.",
      "Deactivated staff cannot sign in; their requests and audit records stay.",
      "A transfer takes effect on its date: until then the person counts for the old department in the ledger, the attendance band and the approval route.",
    ],
  },
  audit: {
    purpose: "Every change this organisation's staff made, and every read of sensitive records.",
    rules: [
      "HR and administrators read it; each organisation sees its own trail only.",
      "When a partner organisation's staff book a shared satellite office, the booking is in the partner's own audit log. The office's organisation sees counts per organisation in the office's use, without names.",
      "Before and after values never hold family details, health reasons or other sensitive data.",
      "The filtered list can be exported as CSV or Excel.",
    ],
  },
  organization: {
    purpose: "The organisation's name, time zone, default language, named officers (e.g. the information security officer) and the webhook notifications go to.",
    rules: [
      "Only administrators change them; every change is audited.",
      "The webhook must be an https:// URL. Addresses inside the network are refused unless the operator allowed them.",
      "“Send a test” goes the way real notices go, and shows whether it arrived or failed. Tests are audited too.",
    ],
  },
  departments: {
    purpose: "The organisation chart (部 → 課 → 係). Heads, counter work and My Number work feed the telework rules and the approval route.",
    rules: [
      "In the 1 April reorganisation, move a department under another parent, or close one that has been emptied.",
      "A closed department keeps its history and takes no new staff. It cannot be closed while it has active staff or open sub-departments.",
      "Counter and My Number departments may be restricted by the telework rules.",
    ],
    reference: "eligibility",
  },
  offices: {
    purpose: "Opening hours, closed days, booking unit, how far ahead one may book, managers, sharing with partner organisations, and the seats, booths and rooms of each office.",
    rules: [
      "Only the owning organisation's administrators change the sharing; the office's managers change its spaces.",
      "Staff of partner organisations see free times and book; others' bookings show only as taken.",
      "HR and the office's managers read its use. Other organisations' use shows as counts and hours, never names.",
      "The offices close when the organisation does (year end, national holidays).",
    ],
  },
};
