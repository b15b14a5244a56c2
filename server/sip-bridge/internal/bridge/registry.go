package bridge

import "sync"

// registry finds live calls by LiveKit call id (transfers arrive with
// sip.callID) and by SIP Call-ID (in-dialog NOTIFYs).
type registry struct {
	mu    sync.Mutex
	byID  map[string]*Call
	bySIP map[string]*Call
}

func newRegistry() registry {
	return registry{byID: map[string]*Call{}, bySIP: map[string]*Call{}}
}

func (r *registry) add(c *Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[c.ID] = c
	if c.SIPCallID != "" {
		r.bySIP[c.SIPCallID] = c
	}
}

// setSIPCallID indexes an outbound call once its INVITE has a Call-ID.
func (r *registry) setSIPCallID(c *Call, sipCallID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c.mu.Lock() // stats() reads it under the call's lock
	c.SIPCallID = sipCallID
	c.mu.Unlock()
	r.bySIP[sipCallID] = c
}

func (r *registry) remove(c *Call) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID[c.ID] == c {
		delete(r.byID, c.ID)
	}
	if c.SIPCallID != "" && r.bySIP[c.SIPCallID] == c {
		delete(r.bySIP, c.SIPCallID)
	}
}

func (r *registry) get(id string) *Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byID[id]
}

func (r *registry) getSIP(sipCallID string) *Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bySIP[sipCallID]
}

func (r *registry) list() []*Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*Call, 0, len(r.byID))
	for _, c := range r.byID {
		out = append(out, c)
	}
	return out
}
