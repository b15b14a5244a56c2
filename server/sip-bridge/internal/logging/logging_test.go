package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestOneJSONLinePerEvent(t *testing.T) {
	var buf bytes.Buffer
	log := New("info", &buf).With("callID", "SCL_x")
	log.Debug("hidden")
	log.Info("call answered", "setupMs", 42)
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("lines %q", lines)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &m); err != nil {
		t.Fatal(err)
	}
	if m["msg"] != "call answered" || m["callID"] != "SCL_x" || m["setupMs"] != float64(42) {
		t.Errorf("%v", m)
	}
}

func TestFloodOfOneMessageIsCapped(t *testing.T) {
	var buf bytes.Buffer
	h := newLimitHandler(slog.NewJSONHandler(&buf, nil), 5, 2)
	now := time.Unix(0, 0)
	h.state.now = func() time.Time { return now }
	log := slog.New(h)
	for range 1000 {
		log.Error("failed to parse")
	}
	log.Info("call ended") // other messages are not affected
	if n := strings.Count(buf.String(), "failed to parse"); n != 5 {
		t.Errorf("%d lines of the flood, want the burst of 5", n)
	}
	if !strings.Contains(buf.String(), "call ended") {
		t.Error("unrelated message dropped")
	}
	now = now.Add(time.Second)
	buf.Reset()
	log.Error("failed to parse")
	if !strings.Contains(buf.String(), `"suppressed":995`) {
		t.Errorf("suppressed count missing: %s", buf.String())
	}
}
