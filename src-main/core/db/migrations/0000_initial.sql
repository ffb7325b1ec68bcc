CREATE TABLE `devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`device_id` text NOT NULL,
	`topic_pattern` text NOT NULL,
	`parser_type` text NOT NULL,
	`strategy` text NOT NULL,
	`strategy_config` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_device_id_unique` ON `devices` (`device_id`);--> statement-breakpoint
CREATE TABLE `push_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` text NOT NULL,
	`trigger` text NOT NULL,
	`revision` integer NOT NULL,
	`config_hash` text NOT NULL,
	`bridge_url` text NOT NULL,
	`attempts` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`status` integer,
	`message` text,
	`payload` blob
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`desired_revision` integer NOT NULL,
	`desired_hash` text NOT NULL,
	`pending_since` text,
	`acked_revision` integer,
	`acked_hash` text,
	`acked_url` text,
	`acked_devices` text,
	`rejected_hash` text,
	`rejected_url` text,
	`last_outcome` text
);
