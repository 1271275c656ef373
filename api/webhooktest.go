package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kinmuchi/kinmuchi/services"
)

type webhookDeliveryOut struct {
	ID          string     `json:"id"`
	Host        string     `json:"host"`
	State       string     `json:"state"`
	Attempts    int        `json:"attempts"`
	LastError   string     `json:"last_error"`
	DeliveredAt *time.Time `json:"delivered_at"`
	CreatedAt   time.Time  `json:"created_at"`
}

func webhookDeliveryOutOf(d *services.WebhookDelivery) webhookDeliveryOut {
	state := "pending"
	switch {
	case d.DeliveredAt != nil:
		state = "delivered"
	case d.LastError != "":
		state = "failing"
	}
	return webhookDeliveryOut{ID: d.ID, Host: d.Host, State: state, Attempts: d.Attempts, LastError: d.LastError, DeliveredAt: d.DeliveredAt, CreatedAt: d.CreatedAt}
}

// testWebhook queues a test post to the organisation's webhook (202: the
// delivery job sends it; its state is read from the delivery route).
func (s *Server) testWebhook(c echo.Context) error {
	d, err := s.svc.Organizations.TestWebhook(c.Request().Context(), actorFrom(c))
	if err != nil {
		return err
	}
	return ok(c, http.StatusAccepted, webhookDeliveryOutOf(d))
}

func (s *Server) getWebhookDelivery(c echo.Context) error {
	d, err := s.svc.Organizations.WebhookDelivery(c.Request().Context(), actorFrom(c), idParam(c, "id"))
	if err != nil {
		return err
	}
	return ok(c, http.StatusOK, webhookDeliveryOutOf(d))
}
