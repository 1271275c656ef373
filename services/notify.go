package services

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/jobs/args"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// JobArgs is a background job's arguments (river.JobArgs).
type JobArgs interface{ Kind() string }

// Queue enqueues background jobs inside the caller's transaction, so a job
// exists exactly when the change that asked for it commits.
type Queue interface {
	EnqueueTx(ctx context.Context, tx *gorm.DB, job JobArgs) error
}

// UseQueue sets the job queue. Until it is set (tools and tests without
// workers), outbox messages are written but no delivery job is enqueued.
func (s *Services) UseQueue(q Queue) { s.base.queue = q }

// Notification kinds.
const (
	NoticeApprovalRequested = "approval_requested"  // to an approver whose task became pending
	NoticeApprovalReminder  = "approval_reminder"   // to an approver whose task waits
	NoticeApprovalEscalated = "approval_escalated"  // to the approver an overdue task passed to
	NoticeTaskEscalatedAway = "task_escalated_away" // to the approver it passed from
	NoticeRequestEscalated  = "request_escalated"   // to the applicant
	NoticeStepApproved      = "step_approved"       // to the applicant: one step done, more to come
	NoticeRequestApproved   = "request_approved"
	NoticeRequestRejected   = "request_rejected"
	NoticeRequestReturned   = "request_returned"
	NoticeRequestWithdrawn  = "request_withdrawn" // to the approvers of open tasks
	NoticeRequestCancelled  = "request_cancelled"
	NoticeTaskSkipped       = "task_skipped" // to an approver whose step a later approver decided early (引き上げ承認)
	// A live request's reason no longer holds on some of its days (a
	// birth, the end of a period of care, a changed staff record).
	NoticeReasonLapsed         = "reason_lapsed"          // to the applicant
	NoticeReasonLapsedApprover = "reason_lapsed_approver" // to its approvers
	// Days decided under an emergency period's relaxation no longer hold:
	// HR ended the period early or withdrew it.
	NoticeEmergencyLapsed         = "emergency_lapsed"          // to the applicant
	NoticeEmergencyLapsedApprover = "emergency_lapsed_approver" // to its approvers
)

// notice is one change to tell people of.
type notice struct {
	kind    string
	request *models.TeleworkRequest
	task    *models.ApprovalTask // optional
}

// texts renders a notice in Japanese and English. Only the applicant's name,
// the dates and the step are named: never the reason, the note, comments or
// family members, which may reveal family or health circumstances.
func (b *base) texts(ctx context.Context, tx *gorm.DB, n notice) (titleJa, titleEn, bodyJa, bodyEn string, err error) {
	emp, err := b.employees.Get(ctx, tx, n.request.OrganizationID, n.request.EmployeeID)
	if err != nil {
		return "", "", "", "", err
	}
	name := strings.TrimSpace(emp.FamilyName + " " + emp.GivenName)
	datesJa, datesEn := requestDates(n.request)
	step := ""
	if n.task != nil {
		step = n.task.StepLabel
		if step == "" {
			step = n.task.StepName
		}
	}
	t, ok := noticeTemplates[n.kind]
	if !ok {
		return "", "", "", "", fmt.Errorf("no template for notice %q", n.kind)
	}
	r := strings.NewReplacer("{name}", name, "{step}", step)
	return t[0], t[1], r.Replace(strings.ReplaceAll(t[2], "{dates}", datesJa)), r.Replace(strings.ReplaceAll(t[3], "{dates}", datesEn)), nil
}

// requestDates names a request's dates as people read them: one date, or
// the first and last with the number of days.
func requestDates(r *models.TeleworkRequest) (ja, en string) {
	if len(r.Days) == 0 {
		return "", ""
	}
	first, last := r.Days[0].Day.String(), r.Days[len(r.Days)-1].Day.String()
	for _, d := range r.Days {
		if s := d.Day.String(); s < first {
			first = s
		} else if s > last {
			last = s
		}
	}
	a, b := words(first), words(last)
	if first == last {
		return a.Ja, a.En
	}
	return fmt.Sprintf("%s〜%s（%d日）", a.Ja, b.Ja, len(r.Days)), fmt.Sprintf("%s to %s (%d days)", a.En, b.En, len(r.Days))
}

// words writes a stored day in words; a day that does not parse (never
// stored) stays as it is.
func words(day string) policies.Text {
	d, err := policies.ParseDate(day)
	if err != nil {
		return policies.Text{Ja: day, En: day}
	}
	return d.Words()
}

// noticeTemplates: title ja, title en, body ja, body en.
var noticeTemplates = map[string][4]string{
	NoticeApprovalRequested: {"在宅勤務申請の承認依頼", "Telework request to approve",
		"{name}さんの在宅勤務申請（{dates}）の承認をお願いします。", "{name} asks to telework on {dates}; please decide."},
	NoticeApprovalReminder: {"【督促】承認待ちの在宅勤務申請があります", "Reminder: a telework request awaits you",
		"{name}さんの在宅勤務申請（{dates}）が承認を待っています。期限を過ぎると代理者または次の承認者に回付されます。",
		"{name}'s telework request ({dates}) is waiting for you. If it waits much longer it passes to your deputy or the next approver."},
	NoticeApprovalEscalated: {"【期限超過】承認が回付されました", "Overdue approval passed to you",
		"{name}さんの在宅勤務申請（{dates}）の「{step}」が期限内に処理されなかったため、あなたに回付されました。",
		"{name}'s telework request ({dates}) was not decided in time at “{step}” and has passed to you."},
	NoticeTaskEscalatedAway: {"承認が他の承認者に回付されました", "Your approval task passed to another approver",
		"{name}さんの在宅勤務申請（{dates}）の「{step}」は期限を過ぎたため、他の承認者に回付されました。",
		"{name}'s telework request ({dates}) waited too long at “{step}” and has passed to another approver."},
	NoticeRequestEscalated: {"申請が他の承認者に回付されました", "Your request passed to another approver",
		"在宅勤務申請（{dates}）の「{step}」が期限内に処理されなかったため、他の承認者に回付されました。",
		"Your telework request ({dates}) was not decided in time at “{step}” and has passed to another approver."},
	NoticeStepApproved: {"申請の一部が承認されました", "A step of your request was approved",
		"在宅勤務申請（{dates}）の「{step}」が承認されました。次の承認を待っています。",
		"“{step}” approved your telework request ({dates}); it now waits for the next approver."},
	NoticeRequestApproved: {"在宅勤務申請が承認されました", "Telework request approved",
		"在宅勤務申請（{dates}）が承認されました。", "Your telework request ({dates}) was approved."},
	NoticeRequestRejected: {"在宅勤務申請が却下されました", "Telework request rejected",
		"在宅勤務申請（{dates}）が却下されました。詳細は申請画面で確認してください。", "Your telework request ({dates}) was rejected; see the request for details."},
	NoticeRequestReturned: {"在宅勤務申請が差し戻されました", "Telework request returned",
		"在宅勤務申請（{dates}）が差し戻されました。内容を見直して再申請してください。", "Your telework request ({dates}) was returned; review it and submit it again."},
	NoticeRequestWithdrawn: {"在宅勤務申請が取り下げられました", "Telework request withdrawn",
		"{name}さんの在宅勤務申請（{dates}）は取り下げられました。承認は不要です。", "{name} withdrew the telework request ({dates}); no decision is needed."},
	NoticeTaskSkipped: {"承認が上位の承認者により処理されました", "A later approver decided for you",
		"{name}さんの在宅勤務申請（{dates}）は、上位の承認者が先に承認したため、あなたの「{step}」の承認は不要になりました。",
		"A later approver decided {name}'s telework request ({dates}) early; your “{step}” is no longer needed."},
	NoticeReasonLapsed: {"在宅勤務申請の要件の確認をお願いします", "Please check your telework request",
		"登録内容の変更により、在宅勤務申請（{dates}）の一部の日が要件を満たさなくなりました。申請を確認し、必要に応じて取り消すか、別の事由で申請し直してください。",
		"After a change to your records, some days of your telework request ({dates}) no longer meet its conditions. Please check it and cancel it or apply again under another reason."},
	NoticeReasonLapsedApprover: {"承認した在宅勤務申請の要件が変わりました", "A telework request's conditions changed",
		"{name}さんの在宅勤務申請（{dates}）は、登録内容の変更により一部の日が要件を満たさなくなりました。申請者に確認を依頼しています。",
		"After a change to {name}'s records, some days of the telework request ({dates}) no longer meet its conditions; the applicant has been asked to check it."},
	NoticeEmergencyLapsed: {"非常時の期間の変更により申請の確認をお願いします", "Please check your telework request: an emergency period changed",
		"人事課が非常時の期間を終了または取り消したため、在宅勤務申請（{dates}）の一部の日が、期間中の緩和なしでは要件を満たさなくなりました。申請を確認し、必要に応じて取り消すか、申請し直してください。",
		"HR ended or withdrew an emergency period, and some days of your telework request ({dates}) no longer meet the rules without its relaxation. Please check it and cancel it or apply again."},
	NoticeEmergencyLapsedApprover: {"非常時の期間の変更により申請の要件が変わりました", "An emergency period changed a telework request's conditions",
		"人事課が非常時の期間を終了または取り消したため、{name}さんの在宅勤務申請（{dates}）の一部の日が要件を満たさなくなりました。申請者に確認を依頼しています。",
		"HR ended or withdrew an emergency period, and some days of {name}'s telework request ({dates}) no longer meet the rules; the applicant has been asked to check it."},
	NoticeRequestCancelled: {"在宅勤務申請が取り消されました", "Telework request cancelled",
		"{name}さんの在宅勤務申請（{dates}）は取り消されました。", "{name} cancelled the telework request ({dates})."},
}

// OutboxPayload is what an outbox message carries to its sender.
type OutboxPayload struct {
	Kind      string `json:"kind"`
	Language  string `json:"language"` // the recipient's for an e-mail, the organisation's for a webhook
	TitleJa   string `json:"title_ja"`
	TitleEn   string `json:"title_en"`
	BodyJa    string `json:"body_ja"`
	BodyEn    string `json:"body_en"`
	RequestID string `json:"request_id,omitempty"`
	// Path is the page of the web UI the message leads to. Senders make it a
	// link with the configured public address (KINMUCHI_PUBLIC_URL), never
	// with an address a request named.
	Path string `json:"path,omitempty"`
}

// noticePath is the UI page a notice leads its recipients to: approvers to
// their inbox, applicants to their request.
func noticePath(kind, requestID string) string {
	switch kind {
	case NoticeApprovalRequested, NoticeApprovalReminder, NoticeApprovalEscalated, NoticeTaskEscalatedAway,
		NoticeRequestWithdrawn, NoticeRequestCancelled, NoticeTaskSkipped:
		return "/approvals"
	}
	return "/telework-requests/" + url.PathEscape(requestID)
}

// notify writes, in the caller's transaction, a notification per recipient
// (each told once), an e-mail outbox message per recipient with an address,
// one webhook outbox message when the organisation has a webhook, and a
// delivery job per outbox message.
func (b *base) notify(ctx context.Context, tx *gorm.DB, n notice, recipients ...string) error {
	var who []string
	for _, id := range recipients {
		if id != "" && !slices.Contains(who, id) {
			who = append(who, id)
		}
	}
	if len(who) == 0 {
		return nil
	}
	org, err := b.orgs.Get(ctx, tx, n.request.OrganizationID)
	if err != nil {
		return err
	}
	tj, te, bj, be, err := b.texts(ctx, tx, n)
	if err != nil {
		return err
	}
	message := OutboxPayload{Kind: n.kind, Language: org.Language, TitleJa: tj, TitleEn: te, BodyJa: bj, BodyEn: be, RequestID: n.request.ID,
		Path: noticePath(n.kind, n.request.ID)}
	var taskID *string
	if n.task != nil {
		taskID = &n.task.ID
	}
	return b.deliver(ctx, tx, org, message, &n.request.ID, taskID, who, true)
}

// deliver writes a notification per recipient, an e-mail outbox message per
// recipient with an address (in their language), with webhook a webhook
// outbox message when the organisation has one, and a delivery job per
// outbox message.
func (b *base) deliver(ctx context.Context, tx *gorm.DB, org *models.Organization, message OutboxPayload, requestID, taskID *string, who []string, webhook bool) error {
	payload, err := json.Marshal(message)
	if err != nil {
		return err
	}
	now := b.now()
	var ns []models.Notification
	var out []models.OutboxMessage
	for _, id := range who {
		emp, err := b.employees.Get(ctx, tx, org.ID, id)
		if err != nil {
			return err
		}
		nid := models.NewID()
		ns = append(ns, models.Notification{ID: nid, OrganizationID: org.ID, RecipientID: id, Kind: message.Kind, RequestID: requestID, TaskID: taskID,
			TitleJa: message.TitleJa, TitleEn: message.TitleEn, BodyJa: message.BodyJa, BodyEn: message.BodyEn, CreatedAt: now})
		if emp.Email != "" && emp.Active {
			// The e-mail is written in the recipient's language.
			personal := message
			personal.Language = Language(emp, org)
			mail, err := json.Marshal(personal)
			if err != nil {
				return err
			}
			oid := models.NewID()
			out = append(out, models.OutboxMessage{ID: oid, OrganizationID: org.ID, NotificationID: &nid, Channel: models.ChannelEmail,
				Target: emp.Email, Payload: string(mail), IdempotencyKey: oid, CreatedAt: now})
		}
	}
	if webhook && org.WebhookURL != "" {
		oid := models.NewID()
		out = append(out, models.OutboxMessage{ID: oid, OrganizationID: org.ID, Channel: models.ChannelWebhook,
			Target: org.WebhookURL, Payload: string(payload), IdempotencyKey: oid, CreatedAt: now})
	}
	if err := b.notifications.Create(ctx, tx, ns); err != nil {
		return err
	}
	if err := b.notifications.CreateOutbox(ctx, tx, out); err != nil {
		return err
	}
	if b.queue == nil {
		return nil
	}
	for _, m := range out {
		if err := b.queue.EnqueueTx(ctx, tx, args.Deliver{OutboxID: m.ID}); err != nil {
			return fmt.Errorf("enqueue delivery of %s: %w", m.ID, err)
		}
	}
	return nil
}
