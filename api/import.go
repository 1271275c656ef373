package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/services"
)

type importOut struct {
	DryRun    bool   `json:"dry_run"`
	Encoding  string `json:"encoding"`
	Rows      int    `json:"rows"`
	Created   int    `json:"created"`
	Updated   int    `json:"updated"`
	Unchanged int    `json:"unchanged"`
	// Lines is absent when an Idempotency-Key replays the import's counts.
	Lines []importLineOut `json:"lines,omitempty"`
}

type importLineOut struct {
	Line           int    `json:"line"`
	EmployeeNumber string `json:"employee_number"`
	Name           string `json:"name"`
	Outcome        string `json:"outcome"`
}

// csvImport reads an import's file and whether it is a dry run
// (?dry_run=true: every row checked, nothing stored).
func csvImport(c echo.Context) ([]byte, bool, error) {
	dryRun, err := boolParam(c, "dry_run")
	if err != nil {
		return nil, false, err
	}
	data, err := uploadedCSV(c)
	return data, dryRun != nil && *dryRun, err
}

// importEmployees takes the CSV as the body (text/csv) or as the "file" part
// of a multipart form, as a browser uploads it.
func (s *Server) importEmployees(c echo.Context) error {
	data, dryRun, err := csvImport(c)
	if err != nil {
		return err
	}
	res, err := s.svc.Employees.Import(c.Request().Context(), actorFrom(c), data, dryRun)
	if err != nil {
		return err
	}
	return ok(c, importStatus(res), importOutOf(res))
}

// importStatus is 201 when the import created someone, else 200.
func importStatus(res *services.ImportResult) int {
	if !res.DryRun && res.Created > 0 {
		return http.StatusCreated
	}
	return http.StatusOK
}

func importOutOf(res *services.ImportResult) importOut {
	return importOut{DryRun: res.DryRun, Encoding: res.Encoding, Rows: res.Rows, Created: res.Created, Updated: res.Updated, Unchanged: res.Unchanged,
		Lines: mapSlice(res.Lines, func(l services.ImportLine) importLineOut {
			return importLineOut{Line: l.Line, EmployeeNumber: l.EmployeeNumber, Name: l.Name, Outcome: l.Outcome}
		})}
}

func uploadedCSV(c echo.Context) ([]byte, error) {
	if err := requireMediaType(c, "text/csv", "multipart/form-data", "application/octet-stream"); err != nil {
		return nil, err
	}
	mt, _, _ := mime.ParseMediaType(c.Request().Header.Get(echo.HeaderContentType))
	if mt != "multipart/form-data" {
		return readBody(c, maxUploadBody)
	}
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, maxUploadBody)
	fh, err := c.FormFile("file")
	if err != nil {
		if isTooLarge(err) {
			return nil, bodyTooLarge()
		}
		return nil, badParam("file", "CSV ファイルを file という名前で送ってください。", "Send the CSV file in a form field named file.")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxUploadBody))
}

func isTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
