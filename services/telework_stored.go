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

// requestsToDecide are requests to decide again, without their stored
// decisions.
func (s *Telework) requestsToDecide(ctx context.Context, db *gorm.DB, orgID string, ids []string) (map[string]*models.TeleworkRequest, error) {
	return s.requests.ByIDsWithoutDecision(ctx, db, orgID, ids)
}

func (s *Telework) store(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest) error {
	return s.requests.Update(ctx, db, r)
}

// release takes a request that no longer counts off its department's
// counters.
func (s *Telework) release(ctx context.Context, tx *gorm.DB, r *models.TeleworkRequest) error {
	return s.count(ctx, tx, r, -1)
}

// storedCase is a stored request decided again: the decision, the facts it
// was taken on, and the rows they were read from (for its projection).
type storedCase struct {
	request  *models.TeleworkRequest
	employee *models.Employee
	line     *line
	shape    *shape
	facts    policies.Facts
	decision policies.Decision
	rows     *factRows
}

// decideStored decides a stored request again under the rules as they
// stand, as its applicant; with lock (to approve it), with the attendance
// rows locked as at submission.
func (s *Telework) decideStored(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest, lock bool) (*storedCase, error) {
	return s.decideStoredAs(ctx, db, r, lock, nil)
}

// decideStoredAs is decideStored with the request's shape adjusted first.
func (s *Telework) decideStoredAs(ctx context.Context, db *gorm.DB, r *models.TeleworkRequest, lock bool, adjust func(*shape)) (*storedCase, error) {
	org, err := s.orgs.Get(ctx, db, r.OrganizationID)
	if err != nil {
		return nil, err
	}
	cases, err := s.storedCases(ctx, db, org, []*models.TeleworkRequest{r})
	if err != nil {
		return nil, err
	}
	if adjust != nil {
		adjust(cases[0].shape)
	}
	if lock {
		if err := s.attendance.Lock(ctx, db, r.OrganizationID, cases[0].line.ids, cases[0].days(), s.now()); err != nil {
			return nil, err
		}
	}
	scs, err := s.decideCases(ctx, db, org, []*models.TeleworkRequest{r}, cases)
	if err != nil {
		return nil, err
	}
	return scs[0], nil
}

// decideAllStored is decideStored, without locks, for many requests of one
// organisation (read in db): a fixed number of queries however many there are.
func (s *Telework) decideAllStored(ctx context.Context, db *gorm.DB, org *models.Organization, rs []*models.TeleworkRequest) ([]*storedCase, error) {
	if len(rs) == 0 {
		return nil, nil
	}
	cases, err := s.storedCases(ctx, db, org, rs)
	if err != nil {
		return nil, err
	}
	return s.decideCases(ctx, db, org, rs, cases)
}

func (s *Telework) decideCases(ctx context.Context, db *gorm.DB, org *models.Organization, rs []*models.TeleworkRequest, cases []factsCase) ([]*storedCase, error) {
	fs, rows, err := s.factsOf(ctx, db, org, cases)
	if err != nil {
		return nil, err
	}
	out := make([]*storedCase, len(rs))
	for i, r := range rs {
		c := cases[i]
		out[i] = &storedCase{request: r, employee: c.emp, line: c.line, shape: c.shape, facts: fs[i], rows: rows,
			decision: policies.EvaluateRequest(rows.set, fs[i])}
	}
	return out, nil
}

// project computes, for each day of the request, the attendance of the
// applicant's units with the request approved. A pending request already
// counts in the department's counters, so the staffing is read as it is;
// a request that does not (returned) is added.
func (sc *storedCase) project() []policies.Projection {
	sh := sc.shape
	if len(sh.dates) == 0 {
		return nil
	}
	days := make([]string, 0, len(sh.dates))
	for _, d := range sh.dates {
		days = append(days, d.String())
	}
	staffing := sc.rows.staffing(sc.line, days, nil)
	if !policies.Counts(sc.request.Status) && sh.unit == policies.UnitFull {
		for i := range staffing {
			staffing[i].Away++
		}
	}
	var out []policies.Projection
	for _, d := range sh.dates {
		if p := sc.rows.set.InForce(d); p != nil {
			out = append(out, policies.Project(p, d, sc.line.units, staffing)...)
		}
	}
	return out
}
