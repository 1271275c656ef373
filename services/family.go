package services

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Family manages the family members employees declare for childcare and
// nursing-care requests. These are special-care personal data
// (要配慮個人情報): only the employee and HR see them, every read by HR is
// audited, and no value of them is written to the audit trail or the log.
type Family struct {
	*base
	store    models.FamilyMembers
	telework *Telework
}

// FamilyInput is a family member as sent, or the fields of a partial update.
type FamilyInput struct {
	// Relation is a relation name (spouse, child, partner_child …) or a
	// kinship path such as "spouse/child".
	Relation               Optional[string] `json:"relation"`
	Name                   Optional[string] `json:"name"`
	BirthDate              Optional[string] `json:"birth_date"`
	Cohabiting             Optional[bool]   `json:"cohabiting"`
	CareLevel              Optional[int]    `json:"care_level"`
	CareNeedDays           Optional[int]    `json:"care_need_days"`
	PartnershipCertificate Optional[bool]   `json:"partnership_certificate"`
	EvidenceNote           Optional[string] `json:"evidence_note"`
	// ExpectedDate is a child's expected date of birth (a pregnancy);
	// CareFrom and CareTo bound a period of care.
	ExpectedDate Optional[string] `json:"expected_date"`
	CareFrom     Optional[string] `json:"care_from"`
	CareTo       Optional[string] `json:"care_to"`
}

// ListMine returns the actor's own family members.
func (s *Family) ListMine(ctx context.Context, actor *Actor) ([]models.FamilyMember, error) {
	return s.store.OfEmployee(ctx, s.db, actor.OrganizationID, actor.EmployeeID)
}

// ListOf returns an employee's family members to HR, and records the read.
// Anyone else is answered as if the employee had none to show: 404.
func (s *Family) ListOf(ctx context.Context, actor *Actor, employeeID string) ([]models.FamilyMember, error) {
	self := employeeID == actor.EmployeeID
	if !policies.CanReadFamily(subject(actor), self) {
		return nil, notFound("family members of " + employeeID)
	}
	var out []models.FamilyMember
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if _, err := s.employees.Get(ctx, tx, actor.OrganizationID, employeeID); err != nil {
			return err
		}
		var err error
		out, err = s.store.OfEmployee(ctx, tx, actor.OrganizationID, employeeID)
		if err != nil || self {
			return err
		}
		// Which members were read, by id: an auditor can tell whose facts HR
		// saw without the trail itself holding them.
		ids := make([]string, 0, len(out))
		for _, m := range out {
			ids = append(ids, m.ID)
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.read", TargetType: "employee", TargetID: employeeID,
			After: map[string]any{"count": len(out), "family_member_ids": ids}})
	})
	return out, err
}

// Create adds a family member of the actor.
func (s *Family) Create(ctx context.Context, actor *Actor, in FamilyInput) (*models.FamilyMember, error) {
	now := s.now()
	m := &models.FamilyMember{ID: models.NewID(), OrganizationID: actor.OrganizationID, EmployeeID: actor.EmployeeID, CreatedAt: now, UpdatedAt: now}
	if err := applyFamily(m, in, true); err != nil {
		return nil, err
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.store.Save(ctx, tx, m); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.create", TargetType: "family_member", TargetID: m.ID})
	})
	return m, err
}

// Update changes one of the actor's family members. A change withdraws HR's
// verification: what was verified is no longer what is stored.
func (s *Family) Update(ctx context.Context, actor *Actor, id string, in FamilyInput) (*models.FamilyMember, error) {
	var m *models.FamilyMember
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		m, err = s.store.Get(ctx, tx, actor.OrganizationID, actor.EmployeeID, id)
		if err != nil {
			return err
		}
		if err := applyFamily(m, in, false); err != nil {
			return err
		}
		m.UpdatedAt, m.VerifiedAt, m.VerifiedBy = s.now(), nil, nil
		if err := s.store.Save(ctx, tx, m); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.update", TargetType: "family_member", TargetID: m.ID}); err != nil {
			return err
		}
		// A birth recorded, a period of care ended: the live requests for
		// this member are checked again.
		return s.telework.recheck(ctx, tx, actor, actor.OrganizationID, actor.EmployeeID, m.ID)
	})
	return m, err
}

// Delete removes one of the actor's family members. The row is kept, marked
// deleted, because past requests refer to it.
func (s *Family) Delete(ctx context.Context, actor *Actor, id string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		m, err := s.store.Get(ctx, tx, actor.OrganizationID, actor.EmployeeID, id)
		if err != nil {
			return err
		}
		now := s.now()
		m.DeletedAt, m.UpdatedAt = &now, now
		if err := s.store.Save(ctx, tx, m); err != nil {
			return err
		}
		if err := s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.delete", TargetType: "family_member", TargetID: m.ID}); err != nil {
			return err
		}
		return s.telework.recheck(ctx, tx, actor, actor.OrganizationID, actor.EmployeeID, m.ID)
	})
}

// FamilyMemberView is a family member with the name of the employee it
// belongs to, for HR's list across the organisation.
type FamilyMemberView struct {
	models.FamilyMember
	EmployeeName string
}

// List returns the organisation's family members to HR, those awaiting
// verification when verified is false, and records the read: one audit
// event per employee whose members were read, by id.
func (s *Family) List(ctx context.Context, actor *Actor, verified *bool, p Page) ([]FamilyMemberView, string, error) {
	if !policies.CanReadFamily(subject(actor), false) {
		return nil, "", forbidden()
	}
	var out []FamilyMemberView
	var next string
	err := s.tx(ctx, func(tx *gorm.DB) error {
		ms, n, err := s.store.List(ctx, tx, actor.OrganizationID, verified, p.store())
		if err != nil {
			return err
		}
		next = n
		byEmployee := map[string][]string{}
		var people []string
		for _, m := range ms {
			if byEmployee[m.EmployeeID] == nil {
				people = append(people, m.EmployeeID)
			}
			byEmployee[m.EmployeeID] = append(byEmployee[m.EmployeeID], m.ID)
		}
		names, err := s.employees.Names(ctx, tx, actor.OrganizationID, people)
		if err != nil {
			return err
		}
		for _, m := range ms {
			out = append(out, FamilyMemberView{FamilyMember: m, EmployeeName: names[m.EmployeeID]})
		}
		for _, id := range people {
			err := s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.read", TargetType: "employee", TargetID: id,
				After: map[string]any{"count": len(byEmployee[id]), "family_member_ids": byEmployee[id], "purpose": "verification_list"}})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return out, next, err
}

// Verify records that HR checked the evidence of a family member, with a
// note of what it saw. The note stays with the member; the audit trail
// keeps who and when, and that a note was written, not the note itself
// (it may name private facts).
func (s *Family) Verify(ctx context.Context, actor *Actor, employeeID, id, note string) (*models.FamilyMember, error) {
	if !policies.CanReadFamily(subject(actor), false) {
		return nil, notFound("family member " + id)
	}
	if utf8.RuneCountInString(note) > 2000 {
		var v Validator
		v.Add("note", "too_long", "メモは2000文字以内です。", "The note must be at most 2,000 characters.")
		return nil, v.Err()
	}
	var m *models.FamilyMember
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var err error
		m, err = s.store.Get(ctx, tx, actor.OrganizationID, employeeID, id)
		if err != nil {
			return err
		}
		if !policies.CanVerifyFamily(subject(actor), employeeID == actor.EmployeeID) {
			return Fail(ErrForbidden, "ご自身のご家族の確認は、他の人事担当者が行います。",
				"Another HR officer verifies your own family members.")
		}
		before := verification(m)
		now := s.now()
		m.VerifiedAt, m.VerifiedBy, m.VerificationNote = &now, &actor.EmployeeID, note
		if err := s.store.Save(ctx, tx, m); err != nil {
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "family_member.verify", TargetType: "family_member", TargetID: m.ID,
			Before: before, After: verification(m)})
	})
	return m, err
}

// verification is what the audit trail keeps of a verification: who and
// when, never the member's facts.
func verification(m *models.FamilyMember) map[string]any {
	return map[string]any{"employee_id": m.EmployeeID, "verified_at": m.VerifiedAt, "verified_by": m.VerifiedBy, "with_note": m.VerificationNote != ""}
}

// relationPath reads a relation name or a kinship path.
func relationPath(s string) (policies.Path, bool) {
	if r, ok := policies.RelationByName(s); ok {
		return r.Path, true
	}
	p, err := policies.ParsePath(s)
	return p, err == nil && len(p) > 0
}

func applyFamily(m *models.FamilyMember, in FamilyInput, create bool) error {
	var v Validator
	if (create && !in.Relation.Set) || (in.Relation.Set && in.Relation.Value == "") {
		v.Add("relation", "required", "続柄は必須です。", "The relation is required.")
	} else if in.Relation.Set {
		if _, ok := relationPath(in.Relation.Value); !ok {
			v.Add("relation", "invalid", fmt.Sprintf("続柄 %q はありません（例: child, spouse, partner, common_law_partner_child, parent_in_law）。", in.Relation.Value),
				fmt.Sprintf("Unknown relation %q (e.g. child, spouse, partner, common_law_partner_child, parent_in_law).", in.Relation.Value))
		}
		m.Relation = in.Relation.Value
	}
	if (create && !in.Name.Set) || (in.Name.Set && strings.TrimSpace(in.Name.Value) == "") {
		v.Add("name", "required", "氏名は必須です。", "The name is required.")
	} else if in.Name.Set {
		v.Check(utf8.RuneCountInString(in.Name.Value) <= 100, "name", "too_long", "氏名は100文字以内です。", "The name must be at most 100 characters.")
		m.Name = strings.TrimSpace(in.Name.Value)
	}
	if in.BirthDate.Set {
		m.BirthDate = nil
		if b := in.BirthDate.ptr(); b != nil {
			day := models.Day(*b)
			m.BirthDate = &day
			_, err := policies.ParseDate(*b)
			v.Check(err == nil, "birth_date", "invalid", "生年月日は YYYY-MM-DD 形式です。", "The birth date must be YYYY-MM-DD.")
		}
	}
	if in.Cohabiting.Set {
		m.Cohabiting = in.Cohabiting.Value
	}
	if in.CareLevel.Set {
		m.CareLevel = in.CareLevel.ptr()
		v.Check(m.CareLevel == nil || (*m.CareLevel >= 0 && *m.CareLevel <= 5), "care_level", "invalid",
			"要介護度は 0〜5 です（0 は認定なし・要支援）。", "The care level is 0 to 5 (0: none or support level).")
	}
	if in.CareNeedDays.Set {
		m.CareNeedDays = in.CareNeedDays.ptr()
		v.Check(m.CareNeedDays == nil || (*m.CareNeedDays >= 0 && *m.CareNeedDays <= 36500), "care_need_days", "invalid",
			"介護が必要な期間（日数）は 0 以上です。", "The days of care needed must be 0 or more.")
	}
	if in.PartnershipCertificate.Set {
		m.PartnershipCertificate = in.PartnershipCertificate.Value
	}
	for _, d := range []struct {
		in     Optional[string]
		to     **models.Day
		field  string
		ja, en string
	}{{in.ExpectedDate, &m.ExpectedDate, "expected_date", "出産予定日", "The expected date"},
		{in.CareFrom, &m.CareFrom, "care_from", "介護を要する期間の初日", "The first day of care"},
		{in.CareTo, &m.CareTo, "care_to", "介護を要する期間の最終日", "The last day of care"}} {
		if !d.in.Set {
			continue
		}
		*d.to = nil
		if b := d.in.ptr(); b != nil {
			_, err := policies.ParseDate(*b)
			v.Check(err == nil, d.field, "invalid", d.ja+"は YYYY-MM-DD 形式です。", d.en+" must be YYYY-MM-DD.")
			day := models.Day(*b)
			*d.to = &day
		}
	}
	if m.CareTo != nil && (m.CareFrom == nil || *m.CareTo < *m.CareFrom) {
		v.Add("care_to", "before_start", "介護を要する期間の最終日は初日以後の日にしてください。", "The last day of care must not be before the first.")
	}
	if in.EvidenceNote.Set {
		v.Check(utf8.RuneCountInString(in.EvidenceNote.Value) <= 1000, "evidence_note", "too_long", "1000文字以内です。", "At most 1,000 characters.")
		m.EvidenceNote = in.EvidenceNote.Value
	}
	return v.Err()
}

// familyFacts turns a stored family member into the facts the rules need.
func familyFacts(m *models.FamilyMember) *policies.FamilyMember {
	f := &policies.FamilyMember{Cohabiting: m.Cohabiting, PartnershipCertificate: m.PartnershipCertificate}
	if _, ok := policies.RelationByName(m.Relation); ok {
		f.Relation = m.Relation
	} else if p, ok := relationPath(m.Relation); ok {
		f.Path = p
	}
	if m.BirthDate != nil {
		if d, err := policies.ParseDate(m.BirthDate.String()); err == nil {
			f.BirthDate = d
		}
	}
	if m.CareLevel != nil {
		f.CareLevel = *m.CareLevel
	}
	if m.CareNeedDays != nil {
		f.NeedDays = *m.CareNeedDays
	}
	for _, d := range []struct {
		from *models.Day
		to   *policies.Date
	}{{m.ExpectedDate, &f.ExpectedDate}, {m.CareFrom, &f.CareFrom}, {m.CareTo, &f.CareTo}} {
		if d.from != nil {
			*d.to, _ = policies.ParseDate(d.from.String())
		}
	}
	return f
}
