package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/models" // renders family members, which services return as stored
	"github.com/kinmuchi/kinmuchi/services"
)

type familyMemberOut struct {
	ID                     string      `json:"id"`
	EmployeeID             string      `json:"employee_id"`
	Relation               string      `json:"relation"`
	Name                   string      `json:"name"`
	BirthDate              *models.Day `json:"birth_date"`
	Cohabiting             bool        `json:"cohabiting"`
	CareLevel              *int        `json:"care_level"`
	CareNeedDays           *int        `json:"care_need_days"`
	PartnershipCertificate bool        `json:"partnership_certificate"`
	EvidenceNote           string      `json:"evidence_note"`
	VerifiedAt             *time.Time  `json:"verified_at"`
	VerificationNote       string      `json:"verification_note"`
	UpdatedAt              time.Time   `json:"updated_at"`
	ExpectedDate           *models.Day `json:"expected_date"`
	CareFrom               *models.Day `json:"care_from"`
	CareTo                 *models.Day `json:"care_to"`
	// EmployeeName is given in HR's list across the organisation.
	EmployeeName string `json:"employee_name,omitempty"`
}

func familyMemberOutOf(m models.FamilyMember) familyMemberOut {
	return familyMemberOut{ID: m.ID, EmployeeID: m.EmployeeID, Relation: m.Relation, Name: m.Name, BirthDate: m.BirthDate, Cohabiting: m.Cohabiting,
		CareLevel: m.CareLevel, CareNeedDays: m.CareNeedDays, PartnershipCertificate: m.PartnershipCertificate, EvidenceNote: m.EvidenceNote,
		VerifiedAt: m.VerifiedAt, VerificationNote: m.VerificationNote, UpdatedAt: m.UpdatedAt,
		ExpectedDate: m.ExpectedDate, CareFrom: m.CareFrom, CareTo: m.CareTo}
}

func (s *Server) listMyFamily(c echo.Context) error {
	ms, err := s.svc.Family.ListMine(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(ms, familyMemberOutOf), ""))
}

func (s *Server) createMyFamily(c echo.Context) error {
	var in services.FamilyInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	m, err := s.svc.Family.Create(c.Request().Context(), actorFrom(c), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusCreated, familyMemberOutOf(*m))
}

func (s *Server) updateMyFamily(c echo.Context) error {
	var in services.FamilyInput
	if err := bindStrict(c, &in); err != nil {
		return err
	}
	m, err := s.svc.Family.Update(c.Request().Context(), actorFrom(c), idParam(c, "id"), in)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, familyMemberOutOf(*m))
}

func (s *Server) deleteMyFamily(c echo.Context) error {
	if err := s.svc.Family.Delete(c.Request().Context(), actorFrom(c), idParam(c, "id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) listEmployeeFamily(c echo.Context) error {
	ms, err := s.svc.Family.ListOf(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(ms, familyMemberOutOf), ""))
}

// listFamilyMembers is HR's list across the organisation (?verified=false:
// those awaiting verification); every read is audited.
func (s *Server) listFamilyMembers(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	verified, err := boolParam(c, "verified")
	if err != nil {
		return err
	}
	ms, next, err := s.svc.Family.List(c.Request().Context(), actorFrom(c), verified, p)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return ok(c, http.StatusOK, newList(mapSlice(ms, func(m services.FamilyMemberView) familyMemberOut {
		out := familyMemberOutOf(m.FamilyMember)
		out.EmployeeName = m.EmployeeName
		return out
	}), next))
}

type verifyRequest struct {
	Note string `json:"note"` // what HR checked, e.g. 住民票の写しで確認
}

func (s *Server) verifyEmployeeFamily(c echo.Context) error {
	var in verifyRequest
	if err := bindOptional(c, &in); err != nil {
		return err
	}
	m, err := s.svc.Family.Verify(c.Request().Context(), actorFrom(c), idParam(c, "id"), idParam(c, "member_id"), in.Note)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, familyMemberOutOf(*m))
}
