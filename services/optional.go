package services

import (
	"bytes"
	"encoding/json"
)

// Optional is a field of a partial update: absent (leave as is), null
// (clear), or a value. JSON decoding fills it directly.
type Optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// Some returns a set Optional.
func Some[T any](v T) Optional[T] { return Optional[T]{Set: true, Value: v} }

// ptr returns the value as a pointer, nil when null.
func (o Optional[T]) ptr() *T {
	if o.Null {
		return nil
	}
	v := o.Value
	return &v
}
