package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/internal/i18n"
	"github.com/kinmuchi/kinmuchi/models" // renders notifications, which services return as stored
)

type notificationOut struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	RequestID *string    `json:"request_id"`
	TaskID    *string    `json:"task_id"`
	Title     string     `json:"title"` // in the caller's language
	Body      string     `json:"body"`
	Read      bool       `json:"read"`
	ReadAt    *time.Time `json:"read_at"`
	CreatedAt time.Time  `json:"created_at"`
}

func notificationOutOf(c echo.Context, n models.Notification) notificationOut {
	out := notificationOut{ID: n.ID, Kind: n.Kind, RequestID: n.RequestID, TaskID: n.TaskID, Title: n.TitleJa, Body: n.BodyJa,
		Read: n.ReadAt != nil, ReadAt: n.ReadAt, CreatedAt: n.CreatedAt}
	if langOf(c) == i18n.En {
		out.Title, out.Body = n.TitleEn, n.BodyEn
	}
	return out
}

type notificationList struct {
	list[notificationOut]
	UnreadCount int64 `json:"unread_count"`
}

func (s *Server) listNotifications(c echo.Context) error {
	p, err := pageParams(c)
	if err != nil {
		return err
	}
	unread := false
	switch c.QueryParam("unread") {
	case "", "false":
	case "true":
		unread = true
	default:
		return badParam("unread", "unread は true または false です。", "unread is true or false.")
	}
	items, next, count, err := s.svc.Notifications.List(c.Request().Context(), actorFrom(c), unread, p)
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, notificationList{
		list:        newList(mapSlice(items, func(n models.Notification) notificationOut { return notificationOutOf(c, n) }), next),
		UnreadCount: count,
	})
}

func (s *Server) unreadNotifications(c echo.Context) error {
	n, err := s.svc.Notifications.Unread(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, map[string]int64{"unread_count": n})
}

func (s *Server) readNotification(c echo.Context) error {
	n, err := s.svc.Notifications.MarkRead(c.Request().Context(), actorFrom(c), c.Param("id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, notificationOutOf(c, *n))
}
