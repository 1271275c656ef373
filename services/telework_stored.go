package services

import (
	"context"

	"gorm.io/gorm"

	"github.com/kinmuchi/kinmuchi/models"
	"github.com/kinmuchi/kinmuchi/policies"
)

// What Telework offers Approvals about the requests it keeps (see
// requestKeeper).

func (s *Telework) request(ctx context.Context, db *gorm.DB, orgID, id string) (*models.TeleworkRequest, error) {
	return s.requests.Get(ctx, db, orgID, id)
}

func (s *Telework) store(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest) error {
	return s.requests.Update(ctx, db, r)
}

// release takes a request that no longer counts off its department's
// counters.
func (s *Telework) release(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) error {
	return s.count(ctx, tx, r, -1)
}

// storedCase is a stored request decided again: the decision and the facts
// it was taken on.
type storedCase struct {
	request  *models.TeleworkRequest
	employee *models.Employee
	line     *line
	shape    *shape
	facts    policies.Facts
	decision policies.Decision
}

// decideStored decides a stored request again under the rules as they
// stand, as its applicant; with lock (to approve it), with the attendance
// rows locked as at submission.
func (s *Telework) decideStored(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest, lock bool) (*storedCase, error) {
	return s.decideStoredAs(ctx, db, r, lock, nil)
}

// decideStoredAs is decideStored with the request's shape adjusted first.
func (s *Telework) decideStoredAs(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest, lock bool, adjust func(*shape)) (*storedCase, error) {
	sc := &storedCase{request: r}
	var err error
	if sc.employee, err = s.employees.Get(ctx, db, r.OrganizationID, r.EmployeeID); err != nil {
		return nil, err
	}
	if sc.line, err = s.lineOf(ctx, db, sc.employee); err != nil {
		return nil, err
	}
	if sc.shape, err = s.shapeOf(ctx, db, r); err != nil {
		return nil, err
	}
	if adjust != nil {
		adjust(sc.shape)
	}
	if lock {
		days := make([]string, 0, len(r.Days))
		for _, d := range r.Days {
			days = append(days, d.Day.String())
		}
		if err := s.attendance.Lock(ctx, db, r.OrganizationID, sc.line.ids, days, s.now()); err != nil {
			return nil, err
		}
	}
	set, _, err := s.policies.set(ctx, db, r.OrganizationID)
	if err != nil {
		return nil, err
	}
	if sc.facts, err = s.facts(ctx, db, sc.employee, sc.line, sc.shape, r.ID); err != nil {
		return nil, err
	}
	sc.decision = policies.EvaluateRequest(set, sc.facts)
	return sc, nil
}

// project computes, for each day of the request, the attendance of the
// applicant's units with the request approved. A pending request already
// counts in the department's counters, so the staffing is read as it is;
// a request that does not (returned) is added.
func (s *Telework) project(ctx context.Context, db *gorm.DB, sc *storedCase) ([]policies.Projection, error) {
	sh, orgID := sc.shape, sc.employee.OrganizationID
	days := make([]string, 0, len(sh.dates))
	for _, d := range sh.dates {
		days = append(days, d.String())
	}
	staffing, err := s.staffing(ctx, db, orgID, sc.line, days, nil)
	if err != nil {
		return nil, err
	}
	if !policies.Counts(sc.request.Status) && sh.unit == policies.UnitFull {
		for i := range staffing {
			staffing[i].Away++
		}
	}
	set, _, err := s.policies.set(ctx, db, orgID)
	if err != nil {
		return nil, err
	}
	var out []policies.Projection
	for _, d := range sh.dates {
		if p := set.InForce(d); p != nil {
			out = append(out, policies.Project(p, d, sc.line.units, staffing)...)
		}
	}
	return out, nil
}
