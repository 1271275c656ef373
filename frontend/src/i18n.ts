import i18n from "i18next";
import { initReactI18next } from "react-i18next";

const ja = {
  app: { name: "勤務地", tagline: "テレワーク・サテライトオフィス予約", skip: "本文へ移動", menu: "メニュー", loading: "読み込み中です…" },
  nav: {
    schedule: "予定", request: "在宅勤務の申請", requests: "申請一覧", book: "座席の予約", family: "家族の情報",
    notifications: "お知らせ", account: "アカウント", approvals: "承認", delegations: "代理承認者の設定", main: "メインメニュー",
  },
  header: { unread: "未読のお知らせ {{count}}件", signOut: "サインアウト", language: "表示言語" },
  login: {
    title: "サインイン", email: "メールアドレス", password: "パスワード", submit: "サインイン",
    intro: "職員番号に登録されたメールアドレスとパスワードを入力してください。",
  },
  common: {
    save: "保存する", cancel: "キャンセル", close: "閉じる", edit: "編集", remove: "削除", add: "追加する", none: "ありません",
    yes: "はい", no: "いいえ", confirm: "確認", loading: "読み込み中です…", saved: "保存しました。", error: "エラーが発生しました",
    previous: "前へ", next: "次へ", today: "今日", days: "{{n}}日", required: "必須",
  },
  status: { pending: "承認待ち", approved: "承認済み", rejected: "却下", returned: "差し戻し", withdrawn: "取り下げ", cancelled: "取り消し", confirmed: "予約済み" },
  unit: { full: "終日", am: "午前", pm: "午後", hours: "時間単位" },
  place: { home: "自宅", satellite: "サテライトオフィス", elsewhere: "その他の場所" },
  schedule: {
    title: "予定", week: "週", month: "月", view: "表示", telework: "在宅勤務", booking: "座席予約", leave: "休暇",
    essential: "出勤必須", closed: "閉庁日", office: "出勤", officeDaysAsked: "この週は少なくとも{{n}}日の出勤が必要です（出勤予定 {{have}}日）。",
    officeDaysMet: "週{{n}}日以上の出勤を満たしています。", officeDaysShort: "出勤日が不足しています。",
    prevWeek: "前の週", nextWeek: "次の週", prevMonth: "前の月", nextMonth: "次の月", legend: "凡例",
  },
  request: {
    title: "在宅勤務の申請", resubmitTitle: "申請の修正と再申請", dates: "日付（複数選択できます）", datesHint: "カレンダーで在宅勤務をする日を選んでください。",
    selected: "選択した日", noDates: "日付を選ぶと、規程による判定がここに表示されます。", unit: "単位", start: "開始時刻", end: "終了時刻",
    place: "勤務場所", office: "利用するサテライトオフィス", placeDetail: "場所の詳細", reason: "事由", family: "対象の家族",
    familyNeeded: "この事由では対象の家族を選んでください。", noFamily: "家族の情報が登録されていません。先に「家族の情報」で登録してください。",
    note: "備考（承認者には表示されません）", submit: "申請する", resubmit: "再申請する", preview: "規程による判定",
    previewLive: "入力に合わせて自動で判定します。", accepted: "この内容で申請できます。", refused: "この内容では申請できません。理由を確認してください。",
    warned: "申請できますが、注意事項があります。", remaining: "残りの在宅勤務日数（この申請の後）", perWeek: "今週", perMonth: "今月",
    perYear: "今年度", left: "あと{{n}}日", over: "上限を超えています", of: "上限{{n}}日", deadline: "申請期限", details: "すべての規程の結果",
    submitted: "申請しました。承認をお待ちください。", refusedTitle: "申請できませんでした", route: "承認の流れ",
    removeDate: "{{date}}を外す",
  },
  outcome: { pass: "適合", warn: "注意", fail: "不可" },
  flag: { late_application: "遅延申請", after_the_fact: "事後申請", special_grant: "所属長特認", limits_exempt: "上限の対象外" },
  requests: {
    title: "申請一覧", new: "新しく申請する", empty: "申請はまだありません。", withdraw: "取り下げる", cancel: "取り消す",
    resubmit: "修正して再申請", withdrawConfirm: "この申請を取り下げますか。", cancelConfirm: "承認済みの在宅勤務を取り消しますか。",
    comment: "コメント", submittedAt: "申請日時", history: "経過", done: "処理しました。", detail: "申請の内容", open: "詳細",
  },
  action: { submit: "申請", resubmit: "再申請", approve: "承認", reject: "却下", return: "差し戻し", withdraw: "取り下げ", cancel: "取り消し", escalate: "回付" },
  book: {
    title: "座席の予約", office: "事業所", date: "日付", from: "開始", to: "終了", kind: "種類", allKinds: "すべて",
    attributes: "設備", grid: "空き状況", space: "座席・部屋", free: "空き", taken: "予約済み", closedDay: "この日は予約できません",
    book: "予約する", bookSpace: "{{space}}を{{from}}〜{{to}}で予約する", booked: "予約しました。", mine: "自分の予約", noneMine: "予約はありません。",
    move: "変更", moveTitle: "予約の変更", cancel: "取り消す", cancelConfirm: "この予約を取り消しますか。", moved: "予約を変更しました。",
    cancelled: "予約を取り消しました。", notFreeWhole: "選んだ時間の全体が空いていません", freeCount: "空き {{n}}",
    sharedNote: "共同利用の事業所では、他の団体の予約は「予約済み」とだけ表示されます。", noSpaces: "条件に合う座席はありません。",
  },
  kind: { open_seat: "オープン席", booth: "ブース", private_room: "個室", meeting_room: "会議室" },
  officeKind: { main_building: "本庁舎", satellite: "サテライト", partner_coworking: "提携コワーキング" },
  attr: { monitor: "モニター", privacy_filter: "覗き見防止フィルター", web_camera: "Webカメラ", calls_allowed: "通話可" },
  family: {
    title: "家族の情報", intro: "育児・介護などの事由で在宅勤務を申請するときに使います。この情報はご本人と人事課だけが確認できます。",
    add: "家族を追加", edit: "家族の情報を編集", relation: "続柄", name: "氏名", birthDate: "生年月日", cohabiting: "同居している",
    careLevel: "要介護度", careNeedDays: "介護が必要な期間（日数）", partnership: "パートナーシップ宣誓書の写しを提出済み",
    evidence: "証明書類の控え", verified: "確認済み", unverified: "未確認", removeConfirm: "{{name}}さんの情報を削除しますか。", empty: "登録されている家族はいません。",
  },
  relation: {
    spouse: "配偶者", partner: "パートナー", common_law_partner: "内縁の配偶者", child: "子", stepchild: "配偶者の子",
    parent: "父母", parent_in_law: "配偶者の父母", grandparent: "祖父母", grandchild: "孫", sibling: "兄弟姉妹",
  },
  notifications: { title: "お知らせ", empty: "お知らせはありません。", markRead: "既読にする", unread: "未読", open: "申請を見る" },
  account: {
    title: "アカウント", profile: "登録内容", department: "所属", supervisor: "上司", language: "表示言語とメールの言語",
    languageSaved: "言語を変更しました。", password: "パスワードの変更", current: "現在のパスワード", newPassword: "新しいパスワード（12文字以上）",
    change: "パスワードを変更する", changed: "パスワードを変更しました。", employeeNumber: "職員番号",
  },
  approvals: {
    title: "承認", empty: "承認を待っている申請はありません。", applicant: "申請者", step: "承認段階", onBehalf: "{{name}}さんの代理",
    results: "規程の結果", attendance: "出勤率の見込み（承認した場合）", band: "基準", comment: "コメント", approve: "承認する",
    reject: "却下する", return: "差し戻す", returnTo: "差し戻し先", toApplicant: "申請者", confirmTitle: "注意事項があります",
    confirmText: "申請後に注意事項が生じています。内容を確認のうえ承認しますか。", confirmApprove: "確認して承認する",
    pullUp: "引き上げて承認する", pullUpHint: "下位の承認を待たずに承認します（下位の承認者には通知されます）。", waiting: "下位の承認待ち（引き上げ可）",
    select: "{{name}}さんの申請を選択", selectAll: "すべて選択", bulk: "選択した申請を一括承認", bulkResult: "一括承認の結果",
    done: "処理しました。", refusedNow: "現在の規程では要件を満たしていません", late: "遅延申請", afterTheFact: "事後申請",
    present: "{{percent}}%（{{present}}/{{base}}人）", breach: "基準を外れます", min: "下限{{n}}%", max: "上限{{n}}%", ok: "成功", failed: "失敗",
  },
  delegations: {
    title: "代理承認者の設定", intro: "不在のあいだ、承認を代理の方にお願いできます。代理の方には期間中、あなたの承認待ちの申請が表示されます。",
    deputy: "代理承認者", search: "氏名で検索してください", period: "期間", from: "開始日", to: "終了日", note: "メモ", add: "代理承認者を設定する",
    active: "設定中の代理", empty: "設定されている代理はありません。", end: "終了する", endConfirm: "この代理の設定を終了しますか。",
    approver: "承認者", created: "代理承認者を設定しました。", ended: "代理の設定を終了しました。",
  },
  notFound: { title: "ページが見つかりません", back: "予定に戻る" },
};

type Dict = typeof ja;

const en: Dict = {
  app: { name: "kinmuchi", tagline: "Telework and satellite-office booking", skip: "Skip to content", menu: "Menu", loading: "Loading…" },
  nav: {
    schedule: "Schedule", request: "Request telework", requests: "My requests", book: "Book a seat", family: "Family members",
    notifications: "Notifications", account: "Account", approvals: "Approvals", delegations: "Deputies", main: "Main menu",
  },
  header: { unread: "{{count}} unread notifications", signOut: "Sign out", language: "Language" },
  login: { title: "Sign in", email: "E-mail address", password: "Password", submit: "Sign in", intro: "Enter the e-mail address and password of your staff account." },
  common: {
    save: "Save", cancel: "Cancel", close: "Close", edit: "Edit", remove: "Remove", add: "Add", none: "None",
    yes: "Yes", no: "No", confirm: "Confirm", loading: "Loading…", saved: "Saved.", error: "Something went wrong",
    previous: "Previous", next: "Next", today: "Today", days: "{{n}} days", required: "required",
  },
  status: { pending: "Pending", approved: "Approved", rejected: "Rejected", returned: "Returned", withdrawn: "Withdrawn", cancelled: "Cancelled", confirmed: "Booked" },
  unit: { full: "Full day", am: "Morning", pm: "Afternoon", hours: "Hours" },
  place: { home: "Home", satellite: "Satellite office", elsewhere: "Elsewhere" },
  schedule: {
    title: "Schedule", week: "Week", month: "Month", view: "View", telework: "Telework", booking: "Seat", leave: "Leave",
    essential: "Must attend", closed: "Office closed", office: "Office", officeDaysAsked: "This week asks for at least {{n}} office days ({{have}} planned).",
    officeDaysMet: "At least {{n}} office days a week: met.", officeDaysShort: "Too few office days.",
    prevWeek: "Previous week", nextWeek: "Next week", prevMonth: "Previous month", nextMonth: "Next month", legend: "Legend",
  },
  request: {
    title: "Request telework", resubmitTitle: "Edit and resubmit", dates: "Dates (choose several)", datesHint: "Pick the days you will work remotely.",
    selected: "Chosen dates", noDates: "Choose dates and the rules' decision appears here.", unit: "Unit", start: "Start", end: "End",
    place: "Place", office: "Which satellite office", placeDetail: "Where", reason: "Reason", family: "Family member",
    familyNeeded: "This reason needs a family member.", noFamily: "No family members are registered. Add them under Family members first.",
    note: "Note (not shown to approvers)", submit: "Submit", resubmit: "Resubmit", preview: "The rules' decision",
    previewLive: "Checked as you type.", accepted: "This request can be submitted.", refused: "This request cannot be submitted; see the reasons.",
    warned: "This request can be submitted, with warnings.", remaining: "Telework days left (after this request)", perWeek: "This week",
    perMonth: "This month", perYear: "This fiscal year", left: "{{n}} left", over: "over the limit", of: "limit {{n}}", deadline: "Deadline", details: "Every rule's result",
    submitted: "Submitted. It now waits for approval.", refusedTitle: "The request was refused", route: "Approval route",
    removeDate: "Remove {{date}}",
  },
  outcome: { pass: "OK", warn: "Warning", fail: "Refused" },
  flag: { late_application: "Late application", after_the_fact: "After the fact", special_grant: "Head's exception", limits_exempt: "Exempt from limits" },
  requests: {
    title: "My requests", new: "New request", empty: "No requests yet.", withdraw: "Withdraw", cancel: "Cancel",
    resubmit: "Edit and resubmit", withdrawConfirm: "Withdraw this request?", cancelConfirm: "Cancel this approved telework?",
    comment: "Comment", submittedAt: "Submitted", history: "History", done: "Done.", detail: "Request", open: "Details",
  },
  action: { submit: "Submitted", resubmit: "Resubmitted", approve: "Approved", reject: "Rejected", return: "Returned", withdraw: "Withdrawn", cancel: "Cancelled", escalate: "Passed on" },
  book: {
    title: "Book a seat", office: "Office", date: "Date", from: "From", to: "To", kind: "Kind", allKinds: "All",
    attributes: "Equipment", grid: "Availability", space: "Space", free: "Free", taken: "Taken", closedDay: "Not bookable on this day",
    book: "Book", bookSpace: "Book {{space}} from {{from}} to {{to}}", booked: "Booked.", mine: "My bookings", noneMine: "No bookings.",
    move: "Change", moveTitle: "Change booking", cancel: "Cancel", cancelConfirm: "Cancel this booking?", moved: "Booking changed.",
    cancelled: "Booking cancelled.", notFreeWhole: "Not free for the whole time", freeCount: "{{n}} free",
    sharedNote: "In a shared office, other organisations' bookings show only as taken.", noSpaces: "No space matches.",
  },
  kind: { open_seat: "Open seat", booth: "Booth", private_room: "Private room", meeting_room: "Meeting room" },
  officeKind: { main_building: "Main building", satellite: "Satellite", partner_coworking: "Partner coworking" },
  attr: { monitor: "Monitor", privacy_filter: "Privacy filter", web_camera: "Web camera", calls_allowed: "Calls allowed" },
  family: {
    title: "Family members", intro: "Used for telework for childcare or nursing care. Only you and HR can see this.",
    add: "Add a family member", edit: "Edit family member", relation: "Relation", name: "Name", birthDate: "Date of birth", cohabiting: "Lives with me",
    careLevel: "Care level", careNeedDays: "Care needed for (days)", partnership: "Partnership certificate copy submitted",
    evidence: "Evidence reference", verified: "Verified", unverified: "Not verified", removeConfirm: "Remove {{name}}?", empty: "No family members registered.",
  },
  relation: {
    spouse: "Spouse", partner: "Partner", common_law_partner: "Common-law partner", child: "Child", stepchild: "Stepchild",
    parent: "Parent", parent_in_law: "Parent-in-law", grandparent: "Grandparent", grandchild: "Grandchild", sibling: "Sibling",
  },
  notifications: { title: "Notifications", empty: "No notifications.", markRead: "Mark as read", unread: "Unread", open: "Open the request" },
  account: {
    title: "Account", profile: "Profile", department: "Department", supervisor: "Supervisor", language: "Language of the app and e-mails",
    languageSaved: "Language changed.", password: "Change password", current: "Current password", newPassword: "New password (12+ characters)",
    change: "Change password", changed: "Password changed.", employeeNumber: "Staff number",
  },
  approvals: {
    title: "Approvals", empty: "Nothing waits for your approval.", applicant: "Applicant", step: "Step", onBehalf: "For {{name}}",
    results: "Rule results", attendance: "Projected office attendance (if approved)", band: "Band", comment: "Comment", approve: "Approve",
    reject: "Reject", return: "Return", returnTo: "Return to", toApplicant: "The applicant", confirmTitle: "Warnings",
    confirmText: "Warnings appeared since the request was submitted. Approve anyway?", confirmApprove: "Approve over the warnings",
    pullUp: "Approve early", pullUpHint: "Decides before the earlier steps (their approvers are told).", waiting: "Earlier step pending (may be decided early)",
    select: "Select {{name}}'s request", selectAll: "Select all", bulk: "Approve selected", bulkResult: "Bulk approval results",
    done: "Done.", refusedNow: "The rules now refuse this request", late: "Late application", afterTheFact: "After the fact",
    present: "{{percent}}% ({{present}}/{{base}})", breach: "Outside the band", min: "min {{n}}%", max: "max {{n}}%", ok: "Done", failed: "Failed",
  },
  delegations: {
    title: "Deputies", intro: "While you are away, a deputy can decide for you. During the period they see your pending approvals.",
    deputy: "Deputy", search: "Search by name", period: "Period", from: "From", to: "To", note: "Note", add: "Name a deputy",
    active: "Delegations", empty: "No delegations.", end: "End", endConfirm: "End this delegation?",
    approver: "Approver", created: "Deputy named.", ended: "Delegation ended.",
  },
  notFound: { title: "Page not found", back: "Back to the schedule" },
};

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: "ja",
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
});

export default i18n;
