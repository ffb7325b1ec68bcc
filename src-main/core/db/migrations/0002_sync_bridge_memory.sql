ALTER TABLE `sync_state` ADD `hash_answered_urls` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `foreign_url` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `foreign_hash` text;--> statement-breakpoint
ALTER TABLE `sync_state` ADD `last_bridge_url` text;