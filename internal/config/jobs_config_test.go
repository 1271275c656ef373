package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestWorkersSetting(t *testing.T) {
	for v, want := range map[string]bool{"": true, "on": true, "off": false, "false": false} {
		c, err := Load(env(map[string]string{"KINMUCHI_WORKERS": v}))
		if err != nil || c.Workers != want {
			t.Errorf("KINMUCHI_WORKERS=%q: workers %v (%v), want %v", v, c.Workers, err, want)
		}
	}
	if _, err := Load(env(map[string]string{"KINMUCHI_WORKERS": "sometimes"})); err == nil || !strings.Contains(err.Error(), "KINMUCHI_WORKERS") {
		t.Fatalf("want an error naming KINMUCHI_WORKERS, got %v", err)
	}
}

func TestSMTPSettings(t *testing.T) {
	c, err := Load(env(map[string]string{"KINMUCHI_SMTP_HOST": "mail.example.lg.jp", "KINMUCHI_SMTP_PORT": "25", "KINMUCHI_SMTP_FROM": "kinmuchi@example.lg.jp",
		"KINMUCHI_SMTP_USERNAME": "u", "KINMUCHI_SMTP_PASSWORD": "p", "KINMUCHI_PUBLIC_URL": "https://kinmuchi.example.lg.jp"}))
	if err != nil || c.SMTP != (SMTP{Host: "mail.example.lg.jp", Port: 25, Username: "u", Password: "p", From: "kinmuchi@example.lg.jp"}) {
		t.Fatalf("%+v %v", c.SMTP, err)
	}
	if c, _ := Load(env(nil)); c.SMTP.Host != "" || c.SMTP.Port != 587 {
		t.Fatalf("defaults: %+v", c.SMTP)
	}
	_, err = Load(env(map[string]string{"KINMUCHI_SMTP_HOST": "mail", "KINMUCHI_SMTP_PORT": "99999"}))
	for _, name := range []string{"KINMUCHI_SMTP_PORT", "KINMUCHI_SMTP_FROM"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("want an error naming %s, got %v", name, err)
		}
	}
	if _, err := Load(env(map[string]string{"KINMUCHI_SMTP_PASSWORD": "p"})); err == nil || !strings.Contains(err.Error(), "KINMUCHI_SMTP_HOST") {
		t.Errorf("a password without a host: %v", err)
	}
}

func TestWebhookAllowSetting(t *testing.T) {
	c, err := Load(env(map[string]string{"KINMUCHI_WEBHOOK_ALLOW": "chat.lgwan.example, 10.20.0.0/16,127.0.0.1, fd00::1"}))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(c.WebhookAllow.Hosts, c.WebhookAllow.Nets)
	if got != "[chat.lgwan.example] [10.20.0.0/16 127.0.0.1/32 fd00::1/128]" {
		t.Fatalf("parsed %s", got)
	}
	for _, bad := range []string{"http://chat.example/x", "10.0.0.0/33", "bad_host!"} {
		if _, err := Load(env(map[string]string{"KINMUCHI_WEBHOOK_ALLOW": bad})); err == nil || !strings.Contains(err.Error(), "KINMUCHI_WEBHOOK_ALLOW") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
