package services

import (
	"context"
	"crypto/ed25519"
	"log/slog"
	"time"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/internal/clock"
	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// Config is what the use cases need.
type Config struct {
	DB        *gorm.DB
	Clock     clock.Clock
	JWTSecret []byte
	Issuer    string
	Log       *slog.Logger
	// AuditKey signs the audit chain's checkpoints (KINMUCHI_AUDIT_KEY); nil
	// seals without signing. CheckpointDir is where the checkpoint file is
	// written (the data folder; "" writes none).
	AuditKey      ed25519.PrivateKey
	CheckpointDir string
}

// Services bundles every use case, built once at start-up.
type Services struct {
	Auth          *Auth
	Organizations *Organizations
	Departments   *Departments
	Employees     *Employees
	Audit         *Audit
	Idempotency   *Idempotency
	Offices       *Offices
	Bookings      *Bookings
	Policies      *TeleworkPolicies
	Family        *Family
	StaffDays     *StaffDays
	Telework      *Telework
	Approvals     *Approvals
	Notifications *Notifications
	Ledger        *Ledger
	Transfers     *Transfers
	Reports       *Reports
	Setup         *Setup
	// Issue 22: the dated staff record and emergency periods.
	StaffRecords *StaffRecords
	Emergencies  *Emergencies
	AuditChain   *AuditChain
	Retention    *Retention

	base *base
}

// New wires the use cases.
func New(cfg Config) *Services {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.System{}
	}
	b := &base{db: cfg.DB, clock: cfg.Clock, log: cfg.Log}
	b.audit = auditor{now: b.now}
	tp := &TeleworkPolicies{base: b}
	b.policies = tp
	tw := &Telework{base: b, policies: tp}
	tw.approvals = &Approvals{base: b, telework: tw}
	return &Services{
		Approvals:     tw.approvals,
		Policies:      tp,
		Family:        &Family{base: b, telework: tw},
		StaffDays:     &StaffDays{base: b},
		Telework:      tw,
		Auth:          &Auth{base: b, tokens: tokenSigner{secret: cfg.JWTSecret, issuer: cfg.Issuer, now: b.now}},
		Organizations: &Organizations{base: b},
		Departments:   &Departments{base: b},
		Employees:     &Employees{base: b, telework: tw},
		Audit:         &Audit{base: b},
		Idempotency:   newIdempotency(b, cfg.JWTSecret),
		Offices:       &Offices{base: b},
		Bookings:      &Bookings{base: b, availability: versioned[*keptDay]{limit: maxAvailabilityAnswers}},
		Notifications: &Notifications{base: b},
		Ledger:        &Ledger{base: b},
		Transfers:     &Transfers{base: b, telework: tw},
		Reports:       &Reports{base: b},
		Setup:         &Setup{base: b},
		StaffRecords:  &StaffRecords{base: b, telework: tw},
		Emergencies:   &Emergencies{base: b, telework: tw},
		AuditChain:    newAuditChain(b, cfg.AuditKey, cfg.CheckpointDir),
		Retention:     &Retention{base: b},
		base:          b,
	}
}

// base is what every use case shares.
type base struct {
	db    *gorm.DB
	clock clock.Clock
	log   *slog.Logger
	audit auditor
	queue Queue
	// policies reads the organisations' rules, whose calendar every use case
	// that asks "is this day closed" shares (see orgCalendar).
	policies *TeleworkPolicies

	orgs          models.Organizations
	departments   models.Departments
	employees     models.Employees
	refreshTokens models.RefreshTokens
	throttles     models.LoginThrottles
	notifications models.Notifications

	// Issue 20: per-process copies, each under a version the database bumps.
	officeCache   versioned[officeSettings]
	calendarCache versioned[orgCalendarCopy]
	chartCache    versioned[*orgTree]
}

func (b *base) now() time.Time { return b.clock.Now().UTC() }

// departmentField maps the organisation's department ids to one of their
// fields (a name for a list, a code for the rules), from one query.
func (b *base) departmentField(ctx context.Context, db *gorm.DB, orgID string, field func(*models.Department) string) (map[string]string, error) {
	all, err := b.departments.All(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(all))
	for i := range all {
		out[all[i].ID] = field(&all[i])
	}
	return out, nil
}

func departmentName(d *models.Department) string { return d.Name }

// tx runs fn in one transaction.
//
// A copy kept under a version read inside a transaction that then rolls
// back holds what was never committed, under a version number the next
// committed change will take again: when a copy was kept meanwhile (by this
// or a concurrent transaction), every copy goes, and costs one reload.
func (b *base) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	offices, calendars := b.officeCache.puts.Load(), b.calendarCache.puts.Load()
	err := b.db.WithContext(ctx).Transaction(fn)
	if err != nil {
		if b.officeCache.puts.Load() != offices {
			b.officeCache.clear()
		}
		if b.calendarCache.puts.Load() != calendars {
			b.calendarCache.clear()
		}
	}
	return err
}

// location returns the organisation's time zone. db is the caller's
// transaction when it holds one: the embedded database has one connection,
// so a query outside the transaction would wait for it forever.
func (b *base) location(ctx context.Context, db *gorm.DB, orgID string) (*time.Location, error) {
	o, err := b.orgs.Get(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	return loadLocation(o.TimeZone), nil
}

// orgCalendar is the organisation's one calendar of closed days: the policy
// version in force on each day with the organisation's own closing days.
// Telework, escalation and booking at its offices all read it.
func (b *base) orgCalendar(ctx context.Context, db *gorm.DB, orgID string) (policies.OrgCalendar, error) {
	org, err := b.orgs.Get(ctx, db, orgID)
	if err != nil {
		return policies.OrgCalendar{}, err
	}
	return b.calendarOf(ctx, db, org)
}

// calendarOf is orgCalendar for an organisation the caller has read already
// (the ledger's write path reads it once for its zone and its calendar).
func (b *base) calendarOf(ctx context.Context, db *gorm.DB, org *models.Organization) (policies.OrgCalendar, error) {
	orgID := org.ID
	set, _, err := b.policies.setOf(ctx, db, org)
	if err != nil {
		return policies.OrgCalendar{}, err
	}
	return b.closingOver(ctx, db, orgID, set)
}

// closingOver layers the organisation's own closing days over its policy versions.
func (b *base) closingOver(ctx context.Context, db *gorm.DB, orgID string, set *policies.Set) (policies.OrgCalendar, error) {
	extra, err := b.closingDays(ctx, db, orgID)
	if err != nil {
		return policies.OrgCalendar{}, err
	}
	return set.Calendar(extra), nil
}

// closingDays are the organisation's own closing days.
func (b *base) closingDays(ctx context.Context, db *gorm.DB, orgID string) (policies.CalendarExtras, error) {
	closing, err := b.orgs.ClosingDays(ctx, db, orgID)
	if err != nil {
		return policies.CalendarExtras{}, err
	}
	var extra policies.CalendarExtras
	for _, c := range closing {
		if d, err := policies.ParseDate(c.Day.String()); err == nil {
			extra.Closed = append(extra.Closed, d)
		}
	}
	return extra, nil
}

// officeRules are the booking rules of an office, closed whenever its
// owning organisation closes its offices (when the office follows it).
func (b *base) officeRules(ctx context.Context, db *gorm.DB, o *models.Office) (policies.OfficeRules, error) {
	r := rulesOf(o)
	if !o.ClosedOnHolidays {
		return r, nil
	}
	var cal policies.OrgCalendar
	var err error
	if o.OwnerCalendarVersion > 0 {
		var c orgCalendarCopy
		c, err = b.orgCalendarAt(ctx, db, o.OrganizationID, o.OwnerCalendarVersion)
		cal = c.cal
	} else {
		cal, err = b.orgCalendar(ctx, db, o.OrganizationID)
	}
	if err != nil {
		return r, err
	}
	r.Organization = &cal
	return r, nil
}

// loadLocation falls back to Japan Standard Time, the zone of every current
// customer, if a stored zone is unknown to this machine's zone database.
func loadLocation(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.FixedZone("JST", 9*60*60)
}
