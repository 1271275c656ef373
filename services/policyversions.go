package services

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// TeleworkPolicies manages the versions of an organisation's telework policy
// (在宅勤務実施要綱). A version stays in force until the next version's
// effective date. Set-up (kinmuchi init, the demo) stores the built-in
// template as the organisation's first version, effective from its first
// day; an organisation that has none stored from that day (one set up before
// this rule) has the built-in template in force from its first day until its
// first stored version, so that no day after the first is without rules.
type TeleworkPolicies struct {
	*base
	store models.PolicyVersions
	// parsed caches compiled versions by row id: a stored version never
	// changes, so it is parsed once per process.
	parsed sync.Map
}

// BuiltInVersion labels the built-in template where it stands in for a
// stored first version.
const BuiltInVersion = "kinmuchi-builtin"

// FirstVersion labels the first version set-up stores.
const FirstVersion = "初版"

// PolicyVersionView is a stored (or the built-in) version.
type PolicyVersionView struct {
	ID            string // empty for the built-in default
	Policy        *policies.Policy
	CreatedAt     *time.Time
	CreatedBy     *string
	BuiltIn       bool
	EffectiveFrom policies.Date
	Note          string
	CreatedByName string
}

// firstDay is the first day an organisation's rules apply: the start of the
// fiscal year (1 April) in which it was set up, so that requests after the
// fact for the weeks before set-up are decided too.
func firstDay(o *models.Organization) policies.Date {
	return policies.DateOf(o.CreatedAt.In(loadLocation(o.TimeZone))).FiscalYearStart()
}

// set returns the organisation's policy versions as a set, and views of them.
func (s *TeleworkPolicies) set(ctx context.Context, db *gorm.DB, orgID string) (*policies.Set, []PolicyVersionView, error) {
	org, err := s.orgs.Get(ctx, db, orgID)
	if err != nil {
		return nil, nil, err
	}
	return s.setOf(ctx, db, org)
}

// setOf is set for an organisation the caller has read already.
func (s *TeleworkPolicies) setOf(ctx context.Context, db *gorm.DB, org *models.Organization) (*policies.Set, []PolicyVersionView, error) {
	orgID := org.ID
	rows, err := s.store.All(ctx, db, orgID)
	if err != nil {
		return nil, nil, err
	}
	views := make([]PolicyVersionView, 0, len(rows)+1)
	ps := make([]*policies.Policy, 0, len(rows)+1)
	first := firstDay(org)
	if len(rows) == 0 || rows[0].EffectiveFrom.String() > first.String() { // ISO dates order as text
		p, err := s.builtIn(first)
		if err != nil {
			return nil, nil, err
		}
		views = append(views, PolicyVersionView{Policy: p, BuiltIn: true, EffectiveFrom: p.EffectiveFrom()})
		ps = append(ps, p)
	}
	for _, r := range rows {
		p, err := s.compiled(r)
		if err != nil {
			return nil, nil, err
		}
		created := r.CreatedAt
		views = append(views, PolicyVersionView{ID: r.ID, Policy: p, CreatedAt: &created, CreatedBy: r.CreatedBy, EffectiveFrom: p.EffectiveFrom(), Note: r.Note})
		ps = append(ps, p)
	}
	set, err := policies.NewSet(ps...)
	if err != nil {
		return nil, nil, fmt.Errorf("policy versions of %s: %w", orgID, err)
	}
	return set, views, nil
}

// builtIn is the built-in template in force from the given day.
func (s *TeleworkPolicies) builtIn(from policies.Date) (*policies.Policy, error) {
	key := "builtin@" + from.String()
	if p, ok := s.parsed.Load(key); ok {
		return p.(*policies.Policy), nil
	}
	p, err := policies.Parse(policies.Template(from, BuiltInVersion))
	if err != nil {
		return nil, fmt.Errorf("built-in policy template: %w", err)
	}
	s.parsed.Store(key, p)
	return p, nil
}

// storeFirst stores the built-in template as the organisation's first
// version, effective from its first day, inside the set-up's transaction.
func (s *TeleworkPolicies) storeFirst(ctx context.Context, tx *gorm.DB, actor *Actor, org *models.Organization) error {
	return s.storeFirstOf(ctx, tx, actor, org, policies.Template)
}

// storeFirstOf stores the first version from a template of one's own (the
// demo's adds schemes and a pool to the shipped one).
func (s *TeleworkPolicies) storeFirstOf(ctx context.Context, tx *gorm.DB, actor *Actor, org *models.Organization, template func(policies.Date, string) []byte) error {
	from := firstDay(org)
	doc := template(from, FirstVersion)
	p, err := policies.Parse(doc)
	if err != nil {
		return fmt.Errorf("built-in policy template: %w", err)
	}
	row := &models.PolicyVersion{ID: models.NewID(), OrganizationID: org.ID, PolicyID: p.ID(), Version: p.Version(),
		EffectiveFrom: models.Day(from.String()), Document: string(doc), CreatedAt: s.now()}
	if actor != nil {
		row.CreatedBy = &actor.EmployeeID
	}
	if err := s.store.Create(ctx, tx, row); err != nil {
		return err
	}
	return s.audit.record(ctx, tx, actor, auditEntry{Action: "telework_policy.create_version", TargetType: "telework_policy_version",
		TargetID: row.ID, OrganizationID: &org.ID,
		After: map[string]any{"policy_id": row.PolicyID, "version": row.Version, "effective_from": row.EffectiveFrom, "from_template": true}})
}

func (s *TeleworkPolicies) compiled(r models.PolicyVersion) (*policies.Policy, error) {
	if p, ok := s.parsed.Load(r.ID); ok {
		return p.(*policies.Policy), nil
	}
	p, err := policies.Parse([]byte(r.Document))
	if err != nil {
		// Stored versions were valid when stored; a failure means the rules
		// engine changed incompatibly, which must not pass silently.
		return nil, fmt.Errorf("stored policy version %s no longer parses: %w", r.ID, err)
	}
	s.parsed.Store(r.ID, p)
	return p, nil
}

// InForce returns the version in force on date (today in the organisation's
// zone when date is zero). Everyone in the organisation may read the rules.
func (s *TeleworkPolicies) InForce(ctx context.Context, actor *Actor, date policies.Date) (*PolicyVersionView, error) {
	if date.IsZero() {
		loc, err := s.location(ctx, s.db, actor.OrganizationID)
		if err != nil {
			return nil, err
		}
		date = policies.DateOf(s.now().In(loc))
	}
	set, views, err := s.set(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	p := set.InForce(date)
	for i := range views {
		if views[i].Policy == p {
			return &views[i], nil
		}
	}
	return nil, &Error{Kind: models.ErrNotFound, Detail: i18n.T(
		fmt.Sprintf("%s に有効な在宅勤務の規程はありません。", date), fmt.Sprintf("No telework policy is in force on %s.", date))}
}

// Versions lists every version by effective date, with who stored each.
func (s *TeleworkPolicies) Versions(ctx context.Context, actor *Actor) ([]PolicyVersionView, error) {
	_, views, err := s.set(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, v := range views {
		if v.CreatedBy != nil {
			ids = append(ids, *v.CreatedBy)
		}
	}
	names, err := s.employees.Names(ctx, s.db, actor.OrganizationID, ids)
	for i := range views {
		if views[i].CreatedBy != nil {
			views[i].CreatedByName = names[*views[i].CreatedBy]
		}
	}
	return views, err
}

// Validate parses a document without storing it.
func (s *TeleworkPolicies) Validate(ctx context.Context, actor *Actor, document string) (*policies.Policy, error) {
	return parsePolicy(document)
}

func parsePolicy(document string) (*policies.Policy, error) {
	if document == "" {
		var v Validator
		v.Add("document", "required", "規程の文書（YAML または JSON）を指定してください。", "Send the policy document (YAML or JSON).")
		return nil, v.Err()
	}
	p, err := policies.Parse([]byte(document))
	var pe *policies.ParseError
	if errors.As(err, &pe) {
		var v Validator
		for _, fe := range pe.Errors {
			v.fields = append(v.fields, FieldError{Field: "document." + fe.Path, Code: "invalid", Message: i18n.Text(fe.Message)})
		}
		e := v.Err().(*Error)
		e.Detail = i18n.T("規程の文書に誤りがあります。各項目をご確認ください。", "The policy document has errors; see errors for each path.")
		return nil, e
	}
	return p, err
}

// Create stores a new version (HR). A version in force cannot be edited,
// only superseded by a version that takes effect today or later.
func (s *TeleworkPolicies) Create(ctx context.Context, actor *Actor, document string, effectiveFrom policies.Date, note string) (*PolicyVersionView, error) {
	if !policies.CanManagePolicy(subject(actor)) {
		return nil, forbidden()
	}
	p, err := parsePolicy(document)
	if err != nil {
		return nil, err
	}
	var v Validator
	if !effectiveFrom.IsZero() && effectiveFrom != p.EffectiveFrom() {
		v.Add("effective_from", "mismatch", fmt.Sprintf("文書の effective_from（%s）と一致しません。", p.EffectiveFrom()),
			fmt.Sprintf("Does not match the document's effective_from (%s).", p.EffectiveFrom()))
	}
	loc, err := s.location(ctx, s.db, actor.OrganizationID)
	if err != nil {
		return nil, err
	}
	today := policies.DateOf(s.now().In(loc))
	v.Check(utf8.RuneCountInString(note) <= 2000, "note", "too_long", "メモは2000文字以内です。", "The note must be at most 2,000 characters.")
	if p.EffectiveFrom().Before(today) {
		v.Add("effective_from", "in_the_past", "施行日は今日以降にしてください。施行済みの規程は変更できず、新しい版で置き換えます。",
			"The version must take effect today or later: a version in force is never edited, only superseded.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *PolicyVersionView
	err = s.tx(ctx, func(tx *gorm.DB) error {
		rows, err := s.store.All(ctx, tx, actor.OrganizationID)
		if err != nil {
			return err
		}
		for _, r := range rows {
			switch {
			case r.EffectiveFrom.String() == p.EffectiveFrom().String():
				v.Add("effective_from", "taken", "同じ施行日の版が既にあります。", "A version with this effective date already exists.")
			case r.Version == p.Version():
				v.Add("document.version", "taken", "同じ版名が既にあります。", "This version label is already used.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		row := &models.PolicyVersion{ID: models.NewID(), OrganizationID: actor.OrganizationID, PolicyID: p.ID(), Version: p.Version(),
			EffectiveFrom: models.Day(p.EffectiveFrom().String()), Document: string(p.Source()), Note: note, CreatedBy: &actor.EmployeeID, CreatedAt: s.now()}
		if err := s.store.Create(ctx, tx, row); err != nil {
			return err
		}
		out = &PolicyVersionView{ID: row.ID, Policy: p, CreatedAt: &row.CreatedAt, CreatedBy: row.CreatedBy, EffectiveFrom: p.EffectiveFrom(), Note: note}
		return s.audit.record(ctx, tx, actor, auditEntry{Action: "telework_policy.create_version", TargetType: "telework_policy_version", TargetID: row.ID,
			After: map[string]any{"policy_id": row.PolicyID, "version": row.Version, "effective_from": row.EffectiveFrom, "note": note}})
	})
	return out, err
}
