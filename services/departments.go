package services

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Departments manages the organisation chart.
type Departments struct {
	*base
}

// DepartmentInput is a department as sent for creation, or the fields of a
// partial update.
type DepartmentInput struct {
	ParentID     Optional[string] `json:"parent_id"`
	Code         Optional[string] `json:"code"`
	Name         Optional[string] `json:"name"`
	NameKana     Optional[string] `json:"name_kana"`
	Kind         Optional[string] `json:"kind"`
	HeadID       Optional[string] `json:"head_id"`
	CounterWork  Optional[bool]   `json:"counter_work"`
	MyNumberWork Optional[bool]   `json:"my_number_work"`
	// Active false closes the department after a reorganisation: it must
	// have no active staff and no open sub-department; it keeps its history.
	Active Optional[bool] `json:"active"`
	// Flags are further attributes the telework policy can name (e.g.
	// council_support, paper_payroll, personal_info).
	Flags Optional[[]string] `json:"flags"`
}

// DepartmentView is a department with the names shown beside its ids.
type DepartmentView struct {
	models.Department
	HeadName string
	Flags    []string
}

// List returns one page of departments; everyone in the organisation may read
// the chart.
func (s *Departments) List(ctx context.Context, actor *Actor, q DepartmentQuery, p Page) ([]DepartmentView, string, error) {
	f := models.DepartmentFilter{ParentID: q.ParentID, Kind: q.Kind, Query: q.Query}
	ds, next, err := s.departments.List(ctx, s.db, actor.OrganizationID, f, p.store())
	if err != nil {
		return nil, "", err
	}
	views, err := s.views(ctx, s.db, actor.OrganizationID, ds)
	return views, next, err
}

// Get returns one department.
func (s *Departments) Get(ctx context.Context, actor *Actor, id string) (*DepartmentView, error) {
	d, err := s.departments.Get(ctx, s.db, actor.OrganizationID, id)
	if err != nil {
		return nil, err
	}
	views, err := s.views(ctx, s.db, actor.OrganizationID, []models.Department{*d})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

func (s *Departments) views(ctx context.Context, db *gorm.DB, orgID string, ds []models.Department) ([]DepartmentView, error) {
	var ids []string
	for _, d := range ds {
		if d.HeadID != nil {
			ids = append(ids, *d.HeadID)
		}
	}
	names, err := s.employees.Names(ctx, db, orgID, ids)
	if err != nil {
		return nil, err
	}
	flags, err := s.departments.Flags(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	out := make([]DepartmentView, 0, len(ds))
	for _, d := range ds {
		v := DepartmentView{Department: d, Flags: flags[d.ID]}
		if d.HeadID != nil {
			v.HeadName = names[*d.HeadID]
		}
		out = append(out, v)
	}
	return out, nil
}

// Create adds a department (administrators only).
func (s *Departments) Create(ctx context.Context, actor *Actor, in DepartmentInput) (*DepartmentView, error) {
	if !policies.CanManageOrganization(subject(actor)) {
		return nil, forbidden()
	}
	now := s.now()
	d := models.Department{ID: models.NewID(), OrganizationID: actor.OrganizationID, Active: true, CreatedAt: now, UpdatedAt: now}
	var out *DepartmentView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.apply(ctx, tx, &d, in, true); err != nil {
			return err
		}
		if err := s.departments.Create(ctx, tx, &d); err != nil {
			return s.codeTaken(err)
		}
		if err := s.setFlags(ctx, tx, &d, in); err != nil {
			return err
		}
		views, err := s.views(ctx, tx, d.OrganizationID, []models.Department{d})
		if err != nil {
			return err
		}
		out = &views[0]
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "department.create", TargetType: "department", TargetID: d.ID, After: departmentView(&d)})
	})
	return out, err
}

// Update changes a department (administrators only).
func (s *Departments) Update(ctx context.Context, actor *Actor, id string, in DepartmentInput) (*DepartmentView, error) {
	if !policies.CanManageOrganization(subject(actor)) {
		return nil, forbidden()
	}
	var out *DepartmentView
	err := s.tx(ctx, func(tx *gorm.DB) error {
		d, err := s.departments.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		before := departmentView(d)
		if err := s.apply(ctx, tx, d, in, false); err != nil {
			return err
		}
		d.UpdatedAt = s.now()
		if err := s.departments.Update(ctx, tx, d); err != nil {
			return s.codeTaken(err)
		}
		if err := s.setFlags(ctx, tx, d, in); err != nil {
			return err
		}
		views, err := s.views(ctx, tx, d.OrganizationID, []models.Department{*d})
		if err != nil {
			return err
		}
		out = &views[0]
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "department.update", TargetType: "department", TargetID: d.ID, Before: before, After: departmentView(d)})
	})
	return out, err
}

// Delete removes a department that has no members and no sub-departments.
func (s *Departments) Delete(ctx context.Context, actor *Actor, id string) error {
	if !policies.CanManageOrganization(subject(actor)) {
		return forbidden()
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		d, err := s.departments.Get(ctx, tx, actor.OrganizationID, id)
		if err != nil {
			return err
		}
		if err := s.departments.Delete(ctx, tx, actor.OrganizationID, id); err != nil {
			if errors.Is(err, models.ErrReferenced) {
				return &Error{Kind: models.ErrReferenced, Err: err, Detail: Fail(models.ErrReferenced,
					"所属職員または下位の組織があるため削除できません。先に異動または削除してください。",
					"The department still has members or sub-departments; move or delete them first.").Detail}
			}
			return err
		}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "department.delete", TargetType: "department", TargetID: id, Before: departmentView(d)})
	})
}

func (s *Departments) setFlags(ctx context.Context, tx *gorm.DB, d *models.Department, in DepartmentInput) error {
	if !in.Flags.Set {
		return nil
	}
	flags := slices.Clone(in.Flags.Value)
	slices.Sort(flags)
	return s.departments.SetFlags(ctx, tx, d.OrganizationID, d.ID, slices.Compact(flags))
}

var departmentFlag = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (s *Departments) codeTaken(err error) error {
	if errors.Is(err, models.ErrConflict) {
		var v Validator
		v.Add("code", "taken", "この組織コードは既に使われています。", "This department code is already in use.")
		return v.Err()
	}
	return err
}

var departmentKinds = []string{models.KindBureau, models.KindDepartment, models.KindDivision, models.KindSection}

// apply validates in and copies it onto d; create requires the mandatory fields.
func (s *Departments) apply(ctx context.Context, tx *gorm.DB, d *models.Department, in DepartmentInput, create bool) error {
	var v Validator
	required := func(o Optional[string], field string) {
		if (create && !o.Set) || (o.Set && (o.Null || o.Value == "")) {
			v.Add(field, "required", "必須項目です。", "This field is required.")
		}
	}
	required(in.Code, "code")
	required(in.Name, "name")
	required(in.Kind, "kind")
	if in.Code.Set {
		v.Check(utf8.RuneCountInString(in.Code.Value) <= 64, "code", "too_long", "組織コードは64文字以内です。", "The code must be at most 64 characters.")
		d.Code = in.Code.Value
	}
	if in.Name.Set {
		v.Check(utf8.RuneCountInString(in.Name.Value) <= 200, "name", "too_long", "名称は200文字以内です。", "The name must be at most 200 characters.")
		d.Name = in.Name.Value
	}
	if in.NameKana.Set {
		v.Check(utf8.RuneCountInString(in.NameKana.Value) <= 200, "name_kana", "too_long", "よみは200文字以内です。", "The reading must be at most 200 characters.")
		d.NameKana = in.NameKana.Value
		checkKana(&v, "name_kana", &d.NameKana)
	}
	if in.Kind.Set && in.Kind.Value != "" {
		ok := false
		for _, k := range departmentKinds {
			ok = ok || k == in.Kind.Value
		}
		v.Check(ok, "kind", "invalid", "種別は bureau（局）、department（部）、division（課）、section（係）のいずれかです。",
			"The kind must be bureau, department, division or section.")
		d.Kind = in.Kind.Value
	}
	if in.CounterWork.Set {
		d.CounterWork = in.CounterWork.Value
	}
	for _, f := range in.Flags.Value {
		v.Check(departmentFlag.MatchString(f), "flags", "invalid", fmt.Sprintf("属性 %q は英小文字・数字・_ で書いてください。", f),
			fmt.Sprintf("Flag %q must use lower-case letters, digits and _.", f))
	}
	if in.MyNumberWork.Set {
		d.MyNumberWork = in.MyNumberWork.Value
	}
	if in.Active.Set {
		if err := s.checkActive(ctx, tx, d, in.Active, create, &v); err != nil {
			return err
		}
	}
	if in.ParentID.Set {
		d.ParentID = in.ParentID.ptr()
		if d.ParentID != nil {
			if err := s.checkParent(ctx, tx, d, &v); err != nil {
				return err
			}
		}
	}
	if in.HeadID.Set {
		d.HeadID = in.HeadID.ptr()
		if d.HeadID != nil {
			e, err := s.employees.Get(ctx, tx, d.OrganizationID, *d.HeadID)
			switch {
			case errors.Is(err, models.ErrNotFound):
				v.Add("head_id", "not_found", "指定された職員が見つかりません。", "No such employee.")
			case err != nil:
				return err
			case !e.Active:
				v.Add("head_id", "inactive", "無効化された職員は所属長にできません。", "A deactivated employee cannot head a department.")
			}
		}
	}
	return v.Err()
}

// checkActive allows closing a department only once it is empty: no active
// staff and no open sub-department (they would be left in a closed unit).
func (s *Departments) checkActive(ctx context.Context, tx *gorm.DB, d *models.Department, in Optional[bool], create bool, v *Validator) error {
	if in.Null || (create && !in.Value) {
		v.Add("active", "invalid", "新しい組織は有効な状態で作成します。", "A new department is created active.")
		return nil
	}
	if in.Value || !d.Active {
		d.Active = in.Value
		return nil
	}
	members, err := s.employees.ActiveByDepartment(ctx, tx, d.OrganizationID)
	if err != nil {
		return err
	}
	all, err := s.departments.All(ctx, tx, d.OrganizationID)
	if err != nil {
		return err
	}
	open := 0
	for _, c := range all {
		if c.ParentID != nil && *c.ParentID == d.ID && c.Active {
			open++
		}
	}
	switch {
	case members[d.ID] > 0:
		v.Add("active", "has_members", fmt.Sprintf("在籍している職員が%d人います。異動させてから廃止してください。", members[d.ID]),
			fmt.Sprintf("%d active employees still belong to it; move them first.", members[d.ID]))
	case open > 0:
		v.Add("active", "has_children", "有効な下位の組織があります。先に廃止するか移してください。", "It has open sub-departments; close or move them first.")
	default:
		d.Active = false
	}
	return nil
}

// checkParent refuses an unknown parent and one that would make a cycle.
func (s *Departments) checkParent(ctx context.Context, tx *gorm.DB, d *models.Department, v *Validator) error {
	all, err := s.departments.All(ctx, tx, d.OrganizationID)
	if err != nil {
		return err
	}
	parentOf := make(map[string]*string, len(all))
	active := make(map[string]bool, len(all))
	for i := range all {
		parentOf[all[i].ID], active[all[i].ID] = all[i].ParentID, all[i].Active
	}
	if _, ok := parentOf[*d.ParentID]; !ok {
		v.Add("parent_id", "not_found", "上位の組織が見つかりません。", "No such parent department.")
		return nil
	}
	if !active[*d.ParentID] {
		v.Add("parent_id", "inactive", "廃止された組織の下には置けません。", "A closed department takes no sub-departments.")
		return nil
	}
	for cur, steps := d.ParentID, 0; cur != nil && steps <= len(all); cur, steps = parentOf[*cur], steps+1 {
		if *cur == d.ID {
			v.Add("parent_id", "cycle", "自分自身または下位の組織を上位にはできません。", "A department cannot sit below itself.")
			return nil
		}
	}
	return nil
}

// departmentView is what the audit trail keeps of a department.
func departmentView(d *models.Department) map[string]any {
	return map[string]any{
		"code": d.Code, "name": d.Name, "name_kana": d.NameKana, "kind": d.Kind, "parent_id": d.ParentID,
		"head_id": d.HeadID, "counter_work": d.CounterWork, "my_number_work": d.MyNumberWork, "active": d.Active,
	}
}
