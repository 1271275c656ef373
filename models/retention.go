package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// PurgedName replaces a purged family member's name (the column needs one).
const PurgedName = "（消去済み）"

// PurgedCorrection replaces the reason of a ledger correction past its
// retention: a corrected entry must keep a reason, and it says why there is
// none left.
const PurgedCorrection = "（保存期間の経過により消去しました）"

// Retention finds and purges personal data past its retention.
type Retention struct{}

// FamilyUse is a family member not yet purged and the last day a request
// named it ("" when none did).
type FamilyUse struct {
	FamilyMember
	LastRequestDay Day `gorm:"column:last_request_day"`
}

// FamilyUses lists the organisation's family members not yet purged with
// the last requested day that named each.
func (Retention) FamilyUses(ctx context.Context, db *gorm.DB, orgID string) ([]FamilyUse, error) {
	var ms []FamilyMember
	if err := db.WithContext(ctx).Where("organization_id = ? AND purged_at IS NULL", orgID).Order("id").Find(&ms).Error; err != nil {
		return nil, Translate(err, "family members to purge")
	}
	var last []struct {
		ID  string
		Day Day
	}
	err := db.WithContext(ctx).Raw(`SELECT r.family_member_id AS id, MAX(d.day) AS day FROM telework_requests r
		JOIN telework_request_days d ON d.request_id = r.id
		WHERE r.organization_id = ? AND r.family_member_id IS NOT NULL GROUP BY r.family_member_id`, orgID).Scan(&last).Error
	if err != nil {
		return nil, Translate(err, "last use of family members")
	}
	byID := map[string]Day{}
	for _, l := range last {
		byID[l.ID] = l.Day
	}
	out := make([]FamilyUse, 0, len(ms))
	for _, m := range ms {
		out = append(out, FamilyUse{FamilyMember: m, LastRequestDay: byID[m.ID]})
	}
	return out, nil
}

// PurgeFamilyMember pseudonymises a family member: its name and every
// detail go, what requests point at (the row and its relation) stays, and it
// can no longer be chosen.
func (Retention) PurgeFamilyMember(ctx context.Context, tx *gorm.DB, orgID, id string, now time.Time) error {
	err := tx.WithContext(ctx).Exec(`UPDATE family_members SET name = ?, birth_date = NULL, care_level = NULL, care_need_days = NULL,
		evidence_note = '', verification_note = '', deleted_at = COALESCE(deleted_at, ?), purged_at = ?, updated_at = ?
		WHERE organization_id = ? AND id = ? AND purged_at IS NULL`, PurgedName, now, now, now, orgID, id).Error
	return Translate(err, "purge family member %s", id)
}

// PurgedTexts counts the reason texts one purge removed.
type PurgedTexts struct {
	RequestNotes, LeaveNotes, Corrections int64
	// Approvers' comments: the request's decision_comment, each task's comment.
	DecisionComments, TaskComments int64
}

// PurgeTexts empties the reason texts of the organisation last used before
// cutoff (a day; before is that day's first instant in the organisation's
// zone): requests' notes whose days and last change are all before it,
// leave notes and ledger corrections of days before it.
func (Retention) PurgeTexts(ctx context.Context, tx *gorm.DB, orgID string, cutoff Day, before time.Time) (PurgedTexts, error) {
	var n PurgedTexts
	res := tx.WithContext(ctx).Exec(`UPDATE telework_requests SET note = '' WHERE organization_id = ? AND note <> '' AND updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM telework_request_days d WHERE d.request_id = telework_requests.id AND d.day >= ?)`, orgID, before, cutoff)
	if res.Error != nil {
		return n, Translate(res.Error, "purge request notes")
	}
	n.RequestNotes = res.RowsAffected
	// An approver's comment may name a reason ("お子さんの通院とのことで…"): it
	// goes by the same rule as the applicant's note, the request's and its tasks'.
	res = tx.WithContext(ctx).Exec(`UPDATE approval_tasks SET comment = '' WHERE organization_id = ? AND comment <> ''
		AND request_id IN (SELECT r.id FROM telework_requests r WHERE r.organization_id = ? AND r.updated_at < ?
			AND NOT EXISTS (SELECT 1 FROM telework_request_days d WHERE d.request_id = r.id AND d.day >= ?))`, orgID, orgID, before, cutoff)
	if res.Error != nil {
		return n, Translate(res.Error, "purge approvers' comments")
	}
	n.TaskComments = res.RowsAffected
	res = tx.WithContext(ctx).Exec(`UPDATE telework_requests SET decision_comment = '' WHERE organization_id = ? AND decision_comment <> '' AND updated_at < ?
		AND NOT EXISTS (SELECT 1 FROM telework_request_days d WHERE d.request_id = telework_requests.id AND d.day >= ?)`, orgID, before, cutoff)
	if res.Error != nil {
		return n, Translate(res.Error, "purge decision comments")
	}
	n.DecisionComments = res.RowsAffected
	res = tx.WithContext(ctx).Exec(`UPDATE staff_days SET note = '' WHERE organization_id = ? AND note <> '' AND day < ?`, orgID, cutoff)
	if res.Error != nil {
		return n, Translate(res.Error, "purge leave notes")
	}
	n.LeaveNotes = res.RowsAffected
	res = tx.WithContext(ctx).Exec(`UPDATE work_days SET correction = ? WHERE organization_id = ? AND corrected_by IS NOT NULL
		AND correction <> ? AND day < ?`, PurgedCorrection, orgID, PurgedCorrection, cutoff)
	if res.Error != nil {
		return n, Translate(res.Error, "purge correction reasons")
	}
	n.Corrections = res.RowsAffected
	return n, nil
}

// DecisionsNaming returns the ids and stored decisions of the requests that
// name a family member.
func (Retention) DecisionsNaming(ctx context.Context, tx *gorm.DB, orgID, memberID string) ([]TeleworkRequest, error) {
	var rs []TeleworkRequest
	err := tx.WithContext(ctx).Select("id", "decision").Where("organization_id = ? AND family_member_id = ?", orgID, memberID).Find(&rs).Error
	return rs, Translate(err, "requests naming family member %s", memberID)
}

// SetDecision replaces a request's stored decision (with its redacted form).
func (Retention) SetDecision(ctx context.Context, tx *gorm.DB, orgID, requestID string, d JSON) error {
	err := tx.WithContext(ctx).Model(&TeleworkRequest{}).Where("organization_id = ? AND id = ?", orgID, requestID).
		UpdateColumn("decision", d).Error
	return Translate(err, "redact decision of %s", requestID)
}
