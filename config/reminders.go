package config

import (
	"fmt"
	"net/mail"
	"strings"
)

// DefaultReminderDays is how many days before a deadline reminders go out.
const DefaultReminderDays = 3

// SMTP is the mail server reminders are sent through.
type SMTP struct {
	Host         string
	Port         int    // default 587
	From         string // e.g. "Handlingsplaner <noreply@example.se>"
	Username     string // empty: no authentication
	PasswordFile string // relative to the config file
	TLS          string // "starttls" (default), "tls" or "none" (only for a server on this machine)
}

type smtpFile struct {
	Host         string `yaml:"host"`
	Port         int    `yaml:"port"`
	From         string `yaml:"from"`
	Username     string `yaml:"username"`
	PasswordFile string `yaml:"password_file"`
	TLS          string `yaml:"tls"`
}

// parseReminders validates reminder_days, smtp, base_url and contacts.
func (c *Config) parseReminders(f *file, fail failFunc) error {
	c.ReminderDays = DefaultReminderDays
	if f.ReminderDays != nil {
		if *f.ReminderDays < 0 || *f.ReminderDays > 60 {
			return fail("reminder_days", "%d är utanför 0–60", *f.ReminderDays)
		}
		c.ReminderDays = *f.ReminderDays
	}
	for area, addr := range f.Contacts {
		key := fmt.Sprintf("contacts[%q]", area)
		name, _, ok := c.Catalog.Area(area)
		if !ok {
			return fail(key, "okänt programområde %q; skriv namnet som under forums", area)
		}
		a, err := mail.ParseAddress(strings.TrimSpace(addr))
		if err != nil {
			return fail(key, "%q är ingen e-postadress", addr)
		}
		if c.Contacts == nil {
			c.Contacts = map[string]string{}
		}
		c.Contacts[name] = a.Address
	}
	s := f.SMTP
	if s == nil {
		return nil
	}
	out := SMTP{Host: strings.TrimSpace(s.Host), Port: s.Port, From: strings.TrimSpace(s.From),
		Username: strings.TrimSpace(s.Username), PasswordFile: strings.TrimSpace(s.PasswordFile), TLS: strings.ToLower(strings.TrimSpace(s.TLS))}
	if out.Host == "" {
		return fail("smtp.host", "värd saknas, t.ex. smtp.example.se")
	}
	if out.Port == 0 {
		out.Port = 587
	}
	if out.Port < 1 || out.Port > 65535 {
		return fail("smtp.port", "%d är utanför 1–65535", out.Port)
	}
	if _, err := mail.ParseAddress(out.From); err != nil {
		return fail("smtp.from", "%q är ingen avsändaradress; skriv t.ex. \"Handlingsplaner <noreply@example.se>\"", s.From)
	}
	switch out.TLS {
	case "":
		out.TLS = "starttls"
	case "starttls", "tls", "none":
	default:
		return fail("smtp.tls", "%q är ogiltigt; använd starttls, tls eller none", s.TLS)
	}
	if out.Username != "" && out.PasswordFile == "" {
		return fail("smtp.password_file", "lösenordsfil saknas för användaren %q", out.Username)
	}
	c.SMTP = &out
	return nil
}
