package policies

import "slices"

// The approval route is part of the policy: the steps that apply to a
// request, in the document's order. A step without a condition always
// applies (unless it is on_demand); a step with a condition (when) applies
// when the request matches it; and any step applies when a rule's effect
// requires it (require_step:<name>), e.g. HR approval past a yearly limit.
// The approval workflow only has to follow the computed route.

func (c *check) route(dates int) []RouteStep {
	var out []RouteStep
	for _, s := range c.p.doc.Approval.Steps {
		var by []string
		for _, r := range c.results {
			if r.Effect == ActionRequireStep && r.Step == s.Name && !slices.Contains(by, r.Rule) {
				by = append(by, r.Rule)
			}
		}
		matched := s.When != nil && c.matches(s.When, dates)
		if !matched && len(by) == 0 && (s.When != nil || s.OnDemand) {
			continue
		}
		out = append(out, RouteStep{
			Name:        s.Name,
			Label:       s.Label,
			Approvers:   slices.Clone(s.Approvers),
			Mode:        Mode(s.Mode),
			Conditional: matched,
			RequiredBy:  by,
		})
	}
	return out
}

// matches reports whether the request meets every part of the condition.
func (c *check) matches(w *Condition, dates int) bool {
	f := c.f
	switch {
	case len(w.Reasons) > 0 && !slices.Contains(w.Reasons, f.Reason):
	case len(w.Units) > 0 && !slices.Contains(w.Units, string(f.Unit)):
	case len(w.EmploymentTypes) > 0 && !slices.Contains(w.EmploymentTypes, f.Employee.EmploymentType):
	case len(w.DepartmentFlags) > 0 && !hasFlag(f.Employee.Units, w.DepartmentFlags):
	case len(w.Flags) > 0 && !slices.ContainsFunc(w.Flags, func(fl string) bool { return slices.Contains(c.flags, fl) }):
	case w.MinDates > 0 && dates < w.MinDates:
	case len(w.Schemes) > 0 && (c.scheme == nil || !slices.Contains(w.Schemes, c.scheme.ID)):
	case len(w.Ranks) > 0 && !slices.Contains(w.Ranks, c.rec.Rank):
	default:
		return true
	}
	return false
}

// mergeRoutes joins the routes of the dates into the request's route. Dates
// under one version share its order; a step only a later date needs goes in
// after the step that precedes it in that date's route.
func mergeRoutes(routes [][]RouteStep) Route {
	merged := []RouteStep{}
	for _, r := range routes {
		for j, s := range r {
			i := slices.IndexFunc(merged, func(m RouteStep) bool { return m.Name == s.Name })
			if i >= 0 {
				m := &merged[i]
				m.Conditional = m.Conditional || s.Conditional
				for _, rule := range s.RequiredBy {
					if !slices.Contains(m.RequiredBy, rule) {
						m.RequiredBy = append(m.RequiredBy, rule)
					}
				}
				continue
			}
			at := 0
			if j > 0 {
				prev := r[j-1].Name
				at = slices.IndexFunc(merged, func(m RouteStep) bool { return m.Name == prev }) + 1
			}
			s.RequiredBy = slices.Clone(s.RequiredBy)
			merged = slices.Insert(merged, at, s)
		}
	}
	return Route{Steps: merged}
}
