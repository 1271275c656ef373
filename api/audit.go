package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models" // renders audit events, which services return as stored
	"github.com/kinmuchi/kinmuchi/services"
)

type auditEventOut struct {
	ID           string          `json:"id"`
	ActorID      *string         `json:"actor_id"`
	OnBehalfOfID *string         `json:"on_behalf_of_id"`
	Action       string          `json:"action"`
	TargetType   string          `json:"target_type"`
	TargetID     string          `json:"target_id"`
	Before       json.RawMessage `json:"before"`
	After        json.RawMessage `json:"after"`
	RequestID    string          `json:"request_id"`
	ClientIP     string          `json:"client_ip"`
	CreatedAt    time.Time       `json:"created_at"`
	// ActorName and OnBehalfOfName are given in the list, for the reader.
	ActorName      string `json:"actor_name,omitempty"`
	OnBehalfOfName string `json:"on_behalf_of_name,omitempty"`
}

func auditEventOutOf(e models.AuditEvent) auditEventOut {
	raw := func(j models.JSON) json.RawMessage {
		if j == nil {
			return json.RawMessage("null")
		}
		return json.RawMessage(j)
	}
	return auditEventOut{ID: e.ID, ActorID: e.ActorID, OnBehalfOfID: e.OnBehalfOfID, Action: e.Action, TargetType: e.TargetType,
		TargetID: e.TargetID, Before: raw(e.Before), After: raw(e.After), RequestID: e.RequestID, ClientIP: e.ClientIP, CreatedAt: e.CreatedAt}
}

func (s *Server) listAuditEvents(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	from, err := timeParam(c, "from")
	if err != nil {
		return err
	}
	to, err := timeParam(c, "to")
	if err != nil {
		return err
	}
	// An auditor looks for what happened last: newest first unless asked.
	switch c.QueryParam("order") {
	case "", "desc":
		p.Desc = true
	case "asc":
	default:
		return badParam("order", "order は asc または desc です。", "order is asc or desc.")
	}
	f := services.AuditQuery{Action: c.QueryParam("action"), TargetType: c.QueryParam("target_type"), TargetID: c.QueryParam("target_id"),
		ActorID: c.QueryParam("actor_id"), From: from, To: to}
	format, err := exportFormat(c)
	if err != nil {
		return err
	}
	if format != "json" {
		return s.exportAudit(c, format, f)
	}
	es, next, err := s.svc.Audit.List(c.Request().Context(), actorFrom(c), f, p)
	if err != nil {
		return err
	}
	names, err := s.svc.Audit.ActorNames(c.Request().Context(), actorFrom(c), es)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, newList(mapSlice(es, func(e models.AuditEvent) auditEventOut {
		out := auditEventOutOf(e)
		if e.ActorID != nil {
			out.ActorName = names[*e.ActorID]
		}
		if e.OnBehalfOfID != nil {
			out.OnBehalfOfName = names[*e.OnBehalfOfID]
		}
		return out
	}), next))
}

// exportAudit downloads every event the filters select, newest first,
// streamed a page at a time; times are in the organisation's time zone.
func (s *Server) exportAudit(c echo.Context, format string, f services.AuditQuery) error {
	ctx, actor := c.Request().Context(), actorFrom(c)
	org, err := s.svc.Organizations.Get(ctx, actor)
	if err != nil {
		return err
	}
	lang, loc := i18n.Lang(org.Org.Language), time.UTC
	if l, err := time.LoadLocation(org.Org.TimeZone); err == nil {
		loc = l
	}
	t := table{name: "audit-events", headers: []i18n.Text{i18n.T("日時", "Time"), i18n.T("操作した職員", "Actor"), i18n.T("職員ID", "Actor id"),
		i18n.T("代理元", "On behalf of"), i18n.T("操作", "Action"), i18n.T("対象の種類", "Target type"), i18n.T("対象", "Target"),
		i18n.T("変更前", "Before"), i18n.T("変更後", "After"), i18n.T("リクエストID", "Request id"), i18n.T("接続元", "Client IP")}}
	t.stream = func(emit func([]any) error) error {
		return s.svc.Audit.Each(ctx, actor, f, func(e models.AuditEvent, name string) error {
			local := e.CreatedAt.In(loc)
			// A wall-clock time as the spreadsheet shows it (XLSX has no zones).
			when := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC)
			return emit([]any{when, name, deref(e.ActorID), deref(e.OnBehalfOfID), e.Action, e.TargetType, e.TargetID,
				string(e.Before), string(e.After), e.RequestID, e.ClientIP})
		})
	}
	if format == "csv" {
		return writeCSV(c, lang, t)
	}
	return writeXLSX(c, lang, t)
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

type chainBreakOut struct {
	Position     int64   `json:"position"`
	AuditEventID *string `json:"audit_event_id"`
	Reason       string  `json:"reason"`
}

type chainGapOut struct {
	From int64 `json:"from_position"`
	To   int64 `json:"to_position"`
}

type checkpointOut struct {
	Position int64     `json:"position"`
	Hash     string    `json:"hash"`
	Count    int64     `json:"count"`
	SignedAt time.Time `json:"signed_at"`
}

type auditVerifyOut struct {
	Verified           bool           `json:"verified"`
	SealedRows         int64          `json:"sealed_rows"`
	UnsealedRows       int64          `json:"unsealed_rows"`
	HeadPosition       int64          `json:"head_position"`
	HeadHash           string         `json:"head_hash"`
	KeyConfigured      bool           `json:"key_configured"`
	Checkpoints        int            `json:"checkpoints"`
	InvalidCheckpoints int            `json:"invalid_checkpoints"`
	LatestCheckpoint   *checkpointOut `json:"latest_checkpoint"`
	FirstBreak         *chainBreakOut `json:"first_break"`
	DeletedTail        *chainGapOut   `json:"deleted_tail"`
	Summary            string         `json:"summary"`
}

// verifyAuditEvents walks the audit chain against the database's and the
// data folder's checkpoints (the CLI also reads saved logs).
func (s *Server) verifyAuditEvents(c echo.Context) error {
	rep, err := s.svc.AuditChain.VerifyFor(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	out := auditVerifyOut{Verified: rep.Verified, SealedRows: rep.SealedRows, UnsealedRows: rep.UnsealedRows, HeadPosition: rep.HeadPosition,
		HeadHash: rep.HeadHash, KeyConfigured: rep.KeyConfigured, Checkpoints: rep.Checkpoints, InvalidCheckpoints: rep.InvalidCheckpoints}
	if cp := rep.LatestCheckpoint; cp != nil {
		out.LatestCheckpoint = &checkpointOut{Position: cp.Position, Hash: cp.Hash, Count: cp.Count, SignedAt: cp.SignedAt.UTC()}
	}
	if b := rep.FirstBreak; b != nil {
		out.FirstBreak = &chainBreakOut{Position: b.Position, Reason: string(b.Reason)}
		if b.AuditEventID != "" {
			out.FirstBreak.AuditEventID = &b.AuditEventID
		}
	}
	if g := rep.MissingTail; g != nil {
		out.DeletedTail = &chainGapOut{From: g.From, To: g.To}
	}
	out.Summary = chainSummary(rep).In(langOf(c))
	return ok(c, http.StatusOK, out)
}

func chainSummary(rep services.ChainReport) i18n.Text {
	switch {
	case rep.FirstBreak != nil:
		return i18n.T(fmt.Sprintf("監査記録の連鎖が %d 番目で途切れています（%s）。", rep.FirstBreak.Position, rep.FirstBreak.Reason),
			fmt.Sprintf("The audit chain breaks at position %d (%s).", rep.FirstBreak.Position, rep.FirstBreak.Reason))
	case rep.MissingTail != nil:
		return i18n.T(fmt.Sprintf("署名済みのチェックポイントにある %d 番目から %d 番目までの記録が削除されています。", rep.MissingTail.From, rep.MissingTail.To),
			fmt.Sprintf("Rows %d to %d, vouched for by a signed checkpoint, have been deleted.", rep.MissingTail.From, rep.MissingTail.To))
	case rep.InvalidCheckpoints > 0:
		return i18n.T(fmt.Sprintf("署名が正しくないチェックポイントが %d 件あります。", rep.InvalidCheckpoints),
			fmt.Sprintf("%d checkpoints have an invalid signature.", rep.InvalidCheckpoints))
	case !rep.KeyConfigured:
		return i18n.T(fmt.Sprintf("%d 件の記録の連鎖は正しいですが、署名鍵（KINMUCHI_AUDIT_KEY）がないため末尾の削除は確認できません。", rep.SealedRows),
			fmt.Sprintf("The chain of %d rows holds, but without the signing key (KINMUCHI_AUDIT_KEY) deleted newest rows cannot be detected.", rep.SealedRows))
	}
	return i18n.T(fmt.Sprintf("%d 件の記録の連鎖と署名済みチェックポイントを確認しました。改ざんはありません。", rep.SealedRows),
		fmt.Sprintf("The chain of %d rows and its signed checkpoints verify; nothing was altered or deleted.", rep.SealedRows))
}
