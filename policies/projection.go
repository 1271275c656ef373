package policies

import "slices"

// Projection is a unit's office attendance on a day as it would stand, set
// beside the band that governs it; the approver's inbox shows it.
type Projection struct {
	Date       Date   `json:"date"`
	Unit       string `json:"unit"`
	UnitName   Text   `json:"unit_name"`
	Band       Text   `json:"band"`
	Present    int    `json:"present"`
	Base       int    `json:"base"`
	Percent    int    `json:"percent"`
	MinPercent *int   `json:"min_percent,omitempty"`
	MaxPercent *int   `json:"max_percent,omitempty"`
	// Breach is true when the attendance lies outside the band.
	Breach bool `json:"breach"`
}

// Project returns the attendance of each unit on the employee's line that a
// band of policy p governs on day d, from staffing that already counts the
// decision being weighed (e.g. the request as approved).
func Project(p *Policy, d Date, units []OrgUnit, staffing []Staffing) []Projection {
	att := p.doc.Attendance
	var out []Projection
	for _, b := range att.Bands {
		unit, ok := unitAtLevel(units, b.Level)
		if !ok || !b.applies(d, units) {
			continue
		}
		i := slices.IndexFunc(staffing, func(s Staffing) bool { return s.Date == d && s.Unit == unit.ID })
		if i < 0 {
			continue
		}
		c := staffing[i].Count(att.ExcludeEssential)
		pr := Projection{Date: d, Unit: unit.ID, UnitName: unit.label(), Band: b.Name, Present: c.Present, Base: c.Base, Percent: c.percent(),
			MinPercent: b.MinPercent, MaxPercent: b.MaxPercent}
		pr.Breach = c.Base > 0 && ((b.MinPercent != nil && c.below(*b.MinPercent)) || (b.MaxPercent != nil && c.above(*b.MaxPercent)))
		out = append(out, pr)
	}
	return out
}
