package policies

// The attendance-ratio report reads the ledger the way the attendance band
// does (attendance.go): the base is the members less those on leave all day
// (less the designated essential staff where the policy leaves them out),
// and present is the base less those away all day. Part of a day in the
// office counts as present.

// DayTally is what the ledger says of a unit's members on one day.
type DayTally struct {
	Members   int // assigned to the unit (or below it) that day
	Leave     int // on leave all day
	Essential int // designated essential staff
	Home      int // away all day, by where
	Satellite int
	Elsewhere int
	Partial   int // away for part of the day: present
	Actual    int // entries confirmed (check-in, HR), within the base
}

// Add sums two tallies (a unit and a unit below it).
func (t DayTally) Add(o DayTally) DayTally {
	return DayTally{Members: t.Members + o.Members, Leave: t.Leave + o.Leave, Essential: t.Essential + o.Essential,
		Home: t.Home + o.Home, Satellite: t.Satellite + o.Satellite, Elsewhere: t.Elsewhere + o.Elsewhere,
		Partial: t.Partial + o.Partial, Actual: t.Actual + o.Actual}
}

// Away is everyone away from the office all day.
func (t DayTally) Away() int { return t.Home + t.Satellite + t.Elsewhere }

// Count is the day's attendance as the band counts it.
func (t DayTally) Count(excludeEssential bool) AttendanceCount {
	return Staffing{Members: t.Members, OnLeave: t.Leave, Essential: t.Essential, Away: t.Away()}.Count(excludeEssential)
}

// Ratio is present ÷ base, and false when nobody is in the base.
func (a AttendanceCount) Ratio() (float64, bool) {
	if a.Base <= 0 {
		return 0, false
	}
	return float64(a.Present) / float64(a.Base), true
}

// BandLimits are the floor and cap a unit's band sets on a day.
type BandLimits struct {
	Level      string
	MinPercent *int
	MaxPercent *int
}

// Breach names the bound the attendance breaks: "below_min", "above_max",
// or "" (none, or nobody in the base).
func (b BandLimits) Breach(a AttendanceCount) string {
	switch {
	case a.Base <= 0:
		return ""
	case b.MinPercent != nil && a.below(*b.MinPercent):
		return "below_min"
	case b.MaxPercent != nil && a.above(*b.MaxPercent):
		return "above_max"
	}
	return ""
}

// Breach bounds.
const (
	BreachBelowMin = "below_min"
	BreachAboveMax = "above_max"
)

// UnitBand is the band the version in force on the day sets for the last
// unit of the line (root first), which it covers when its level is the
// unit's own. Where several bands cover the unit, the first floor and the
// first cap hold, as the engine checks them in order.
func (s *Set) UnitBand(d Date, line []OrgUnit) (BandLimits, bool) {
	p := s.InForce(d)
	if p == nil || len(line) == 0 {
		return BandLimits{}, false
	}
	unit := line[len(line)-1]
	var out BandLimits
	found := false
	for _, b := range p.doc.Attendance.Bands {
		if b.Level != unit.Level || !b.applies(d, line) {
			continue
		}
		found = true
		out.Level = b.Level
		if out.MinPercent == nil && b.MinPercent != nil {
			out.MinPercent = b.MinPercent
		}
		if out.MaxPercent == nil && b.MaxPercent != nil {
			out.MaxPercent = b.MaxPercent
		}
	}
	return out, found
}

// ExcludesEssential tells whether the version in force on the day leaves
// designated essential staff out of the ratio's base.
func (s *Set) ExcludesEssential(d Date) bool {
	p := s.InForce(d)
	return p != nil && p.doc.Attendance.ExcludeEssential
}

// Excluded tells whether the version in force on the day excludes the line
// (root first) from telework: counter work and the like, which the report
// shows as excluded rather than as a ratio of 100%.
func (s *Set) Excluded(d Date, line []OrgUnit) bool {
	p := s.InForce(d)
	if p == nil {
		return false
	}
	_, excluded := excludedUnit(line, p.doc.Eligibility)
	return excluded
}
