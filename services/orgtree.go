package services

import (
	"context"
	"slices"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// orgTree is the organisation chart (部 → 課 → 係) as read once for a report.
type orgTree struct {
	byID     map[string]*models.Department
	children map[string][]string
	roots    []string            // in code order, as the chart is listed
	flags    map[string][]string // each department's flags for the rules
}

func (b *base) departmentTree(ctx context.Context, db *gorm.DB, orgID string) (*orgTree, error) {
	all, err := b.departments.All(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	flags, err := b.departments.Flags(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	t := &orgTree{byID: make(map[string]*models.Department, len(all)), children: map[string][]string{}, flags: flags}
	for i := range all {
		d := &all[i]
		t.byID[d.ID] = d
	}
	for i := range all {
		d := &all[i]
		if d.ParentID != nil && t.byID[*d.ParentID] != nil {
			t.children[*d.ParentID] = append(t.children[*d.ParentID], d.ID)
		} else {
			t.roots = append(t.roots, d.ID)
		}
	}
	return t, nil
}

// lineOf is the line of a department, root first, with what the rules need
// to know of each unit.
func (t *orgTree) lineOf(deptID string) *line {
	l := &line{sub: map[string][]string{}, tree: t}
	l.ids, l.units = t.line(deptID)
	for _, id := range l.ids {
		l.sub[id] = t.below(id)
	}
	return l
}

// below lists the department and every department under it.
func (t *orgTree) below(id string) []string {
	var out []string
	var walk func(string)
	walk = func(x string) {
		out = append(out, x)
		for _, c := range t.children[x] {
			walk(c)
		}
	}
	walk(id)
	return out
}

// ancestors lists the department's parents, nearest first.
func (t *orgTree) ancestors(id string) []string {
	var out []string
	for d := t.byID[id]; d != nil && d.ParentID != nil && len(out) <= len(t.byID); d = t.byID[*d.ParentID] {
		out = append(out, *d.ParentID)
	}
	return out
}

// walk visits the departments in chart order (parents before their
// children), with their depth.
func (t *orgTree) walk(fn func(d *models.Department, depth int)) {
	var visit func(id string, depth int)
	visit = func(id string, depth int) {
		fn(t.byID[id], depth)
		for _, c := range t.children[id] {
			visit(c, depth+1)
		}
	}
	for _, r := range t.roots {
		visit(r, 0)
	}
}

// line lists the department's line of units as the rules see it, root
// first: each named by its code (HR writes codes into the policy), at its
// level, with its flags (counter work and My Number work among them).
func (t *orgTree) line(id string) (ids []string, units []policies.OrgUnit) {
	chain := append([]string{id}, t.ancestors(id)...)
	slices.Reverse(chain)
	for _, x := range chain {
		d := t.byID[x]
		if d == nil {
			continue
		}
		f := slices.Clone(t.flags[d.ID])
		if d.CounterWork {
			f = append(f, "counter")
		}
		if d.MyNumberWork {
			f = append(f, "my_number")
		}
		ids = append(ids, d.ID)
		units = append(units, policies.OrgUnit{ID: d.Code, Level: levelOf[d.Kind], Flags: f, Name: policies.Text{Ja: d.Name}})
	}
	return ids, units
}
