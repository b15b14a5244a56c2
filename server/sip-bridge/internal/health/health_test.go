package health

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

type fakeBridge struct{ sip bool }

func (f fakeBridge) SIPReady() bool { return f.sip }
func (f fakeBridge) Stats() any     { return map[string]int{"activeCalls": 2} }

func get(t *testing.T, h http.Handler, path string) (int, map[string]any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("%s: %v (%q)", path, err, rec.Body.String())
	}
	return rec.Code, body
}

func TestHealth(t *testing.T) {
	redisUp := func(context.Context) error { return nil }
	redisDown := func(context.Context) error { return errors.New("connection refused") }

	if code, body := get(t, Handler(fakeBridge{sip: true}, redisUp), "/"); code != 200 || body["status"] != "ok" {
		t.Errorf("all up: %d %v", code, body)
	}
	if code, body := get(t, Handler(fakeBridge{sip: true}, redisDown), "/"); code != 503 || body["redis"] == "ok" {
		t.Errorf("redis down: %d %v", code, body)
	}
	if code, body := get(t, Handler(fakeBridge{sip: false}, redisUp), "/"); code != 503 || body["sip"] != "down" {
		t.Errorf("sip down: %d %v", code, body)
	}
	if code, body := get(t, Handler(fakeBridge{sip: true}, redisUp), "/stats"); code != 200 || body["activeCalls"] != float64(2) {
		t.Errorf("stats: %d %v", code, body)
	}
	rec := httptest.NewRecorder()
	Handler(fakeBridge{sip: true}, redisUp).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/nope", nil))
	if rec.Code != 404 {
		t.Errorf("unknown path: %d", rec.Code)
	}
}
