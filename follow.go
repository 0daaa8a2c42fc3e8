package faces

import (
	"context"
	"time"
)

// Notification tells a staff member something about a person they follow:
// that they moved to another company, and so the relationship moves with
// them.
type Notification struct {
	ID        int64
	UserID    int64
	PersonID  int64
	Text      string
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
}

// Following is whether a staff member follows a person, and whether they
// chose to or follow on their own (having visited them or recorded their
// words).
type Following struct {
	Follows bool
	Auto    bool
}

// FollowService keeps who follows whom, and their notifications.
type FollowService interface {
	Follow(ctx context.Context, userID, personID int64) error
	Unfollow(ctx context.Context, userID, personID int64) error
	Following(ctx context.Context, userID, personID int64) (Following, error)
	// Notifications lists a staff member's notifications, newest first.
	Notifications(ctx context.Context, userID int64, limit int) ([]*Notification, error)
	// UnreadCount counts a staff member's unread notifications, up to 100.
	UnreadCount(ctx context.Context, userID int64) (int, error)
	MarkNotificationsRead(ctx context.Context, userID int64) error
}
