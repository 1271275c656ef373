package services

import (
	"context"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// What the hot paths (booking, availability) keep per process: things that
// change rarely, each under the version the database bumps when they change
// (migration 00060, by triggers, so a change from another process or by hand
// counts too). A caller reads the version in the query it runs anyway and
// uses the copy only when the versions are equal: a stale copy costs a
// reload, never a decision the database would not make today.

// versioned keeps one value per key, tagged with the version it was read at.
type versioned[T any] struct {
	mu sync.RWMutex
	m  map[string]versionedEntry[T]
	// limit bounds the entries (0: maxVersionedEntries); beyond it an
	// arbitrary entry goes.
	limit int
	// puts counts the values kept, so that a transaction that rolls back
	// can tell whether it may have kept one (see base.tx).
	puts atomic.Int64
}

type versionedEntry[T any] struct {
	version int64
	value   T
}

// maxVersionedEntries bounds a cache of small values (offices' settings,
// organisations' calendars).
const maxVersionedEntries = 4096

func (c *versioned[T]) get(key string, version int64) (T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[key]
	if !ok || e.version != version {
		var zero T
		return zero, false
	}
	return e.value, true
}

// latest returns the value kept for key, whatever its version.
func (c *versioned[T]) latest(key string) (T, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.m[key]
	return e.value, ok
}

// put keeps the value unless a newer version is already kept: a slow reader
// of an old version must not push out what a faster one read since.
func (c *versioned[T]) put(key string, version int64, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]versionedEntry[T]{}
	}
	if e, ok := c.m[key]; ok && e.version > version {
		return
	}
	limit := c.limit
	if limit == 0 {
		limit = maxVersionedEntries
	}
	if _, ok := c.m[key]; !ok && len(c.m) >= limit {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[key] = versionedEntry[T]{version: version, value: v}
	c.puts.Add(1)
}

// clear forgets every value.
func (c *versioned[T]) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
}

// officeSettings are an office's rows besides its own: hours, closed days,
// shares and managers. Kept read-only once cached.
type officeSettings struct {
	hours      []models.OfficeHours
	closedDays []models.OfficeClosedDay
	sharedWith []string
	managers   []string
}

// orgCalendarCopy is an organisation's policy versions and calendar.
type orgCalendarCopy struct {
	set    *policies.Set
	cal    policies.OrgCalendar
	closed []policies.Date // the organisation's own closing days
}

// withSettings fills the office's hours, closed days, shares and managers,
// from the process's copy when o.SettingsVersion (read with o) says it is
// current, else from db (which then becomes the copy).
func (b *base) withSettings(ctx context.Context, db *gorm.DB, o *models.Office) error {
	if st, ok := b.officeCache.get(o.ID, o.SettingsVersion); ok {
		o.Hours, o.ClosedDays, o.SharedWith, o.Managers = st.hours, st.closedDays, st.sharedWith, st.managers
		return nil
	}
	if err := (models.Offices{}).Settings(ctx, db, o); err != nil {
		return err
	}
	b.officeCache.put(o.ID, o.SettingsVersion, officeSettings{hours: o.Hours, closedDays: o.ClosedDays, sharedWith: o.SharedWith, managers: o.Managers})
	return nil
}

// chart is the organisation chart, from the process's copy when the
// chart_version read with org says it is current. The tree is shared: its
// readers never change it.
func (b *base) chart(ctx context.Context, db *gorm.DB, org *models.Organization) (*orgTree, error) {
	if t, ok := b.chartCache.get(org.ID, org.ChartVersion); ok {
		return t, nil
	}
	t, err := b.departmentTree(ctx, db, org.ID)
	if err != nil {
		return nil, err
	}
	b.chartCache.put(org.ID, org.ChartVersion, t)
	return t, nil
}

// policySet is the organisation's policy versions, from the process's copy
// when the calendar_version read with the organisation says it holds.
func (b *base) policySet(ctx context.Context, db *gorm.DB, orgID string) (*policies.Set, error) {
	org, err := b.orgs.Get(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	c, err := b.orgCalendarAt(ctx, db, orgID, org.CalendarVersion)
	return c.set, err
}

// orgCalendarAt is orgCalendar (and the policy versions behind it) for the
// organisation's calendar_version, from the process's copy when current.
func (b *base) orgCalendarAt(ctx context.Context, db *gorm.DB, orgID string, version int64) (orgCalendarCopy, error) {
	if c, ok := b.calendarCache.get(orgID, version); ok {
		return c, nil
	}
	set, _, err := b.policies.set(ctx, db, orgID)
	if err != nil {
		return orgCalendarCopy{}, err
	}
	extra, err := b.closingDays(ctx, db, orgID)
	if err != nil {
		return orgCalendarCopy{}, err
	}
	c := orgCalendarCopy{set: set, cal: set.Calendar(extra), closed: extra.Closed}
	b.calendarCache.put(orgID, version, c)
	return c, nil
}

// calendarAt is orgCalendarAt's calendar.
func (b *base) calendarAt(ctx context.Context, db *gorm.DB, orgID string, version int64) (policies.OrgCalendar, error) {
	c, err := b.orgCalendarAt(ctx, db, orgID, version)
	return c.cal, err
}
