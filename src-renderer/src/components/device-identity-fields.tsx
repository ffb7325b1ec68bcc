import type { Ref } from 'react';
import {
  type Device,
  type ParserType,
  shellyTopicError,
  toMqttTopic,
  topicFilterError,
} from '../../../src-shared';
import { type DeviceFormValues, FIELD_LABELS, type FormField } from '../lib/device-form';
import { useDevices } from '../stores/stores-context';
import { CheckField, Field } from './form-field';

/**
 * The device editor's first block: what the machine is called, how the bridge knows it, where its meter
 * publishes and whether the bridge gets it; with the warnings that go with them (a changed device ID starts its
 * sessions anew, a topic another device already listens on).
 */
export function IdentityFields({
  device,
  values,
  errorFor,
  onChange,
  onBlur,
  nameRef,
}: {
  /** The device as stored, or null for a new one. */
  device: Device | null;
  values: DeviceFormValues;
  errorFor(field: FormField): string | undefined;
  onChange<F extends FormField>(field: F, value: DeviceFormValues[F]): void;
  onBlur(field: FormField): void;
  nameRef: Ref<HTMLInputElement>;
}) {
  const allDevices = useDevices((s) => s.devices);
  const topic = values.topicPattern.trim();
  const isShelly = values.parserType === 'shelly_pm';
  // Only a topic the bridge would take has a bridge topic; the field's error says what is wrong with the rest.
  const topicRefused = (isShelly ? shellyTopicError : topicFilterError)(topic) !== null;
  const mqttTopic = topic && !topicRefused ? toMqttTopic(topic, values.parserType) : '';
  const sharesTopic = mqttTopic
    ? allDevices.filter((d) => d.id !== device?.id && toMqttTopic(d.topicPattern, d.parserType) === mqttTopic)
    : [];
  const idChanged = device !== null && values.deviceId.trim() !== device.deviceId;
  const touch = (field: FormField) => () => onBlur(field);
  const change = onChange;

  return (
    <div className="editor-grid">
      <Field label={FIELD_LABELS.name} error={errorFor('name')}>
        {(p) => (
          <input
            {...p}
            ref={nameRef}
            value={values.name}
            onChange={(e) => change('name', e.target.value)}
            onBlur={touch('name')}
            autoComplete="off"
            placeholder="Laser cutter"
          />
        )}
      </Field>
      <Field
        label={FIELD_LABELS.deviceId}
        error={errorFor('deviceId')}
        hint={
          idChanged ? (
            <span className="field-warning" data-testid="device-id-warning">
              The bridge will treat “{values.deviceId.trim()}” as a different machine: its sessions start
              anew.
            </span>
          ) : (
            'Lowercase letters, digits, - and _; the bridge knows the machine by it.'
          )
        }
      >
        {(p) => (
          <input
            {...p}
            value={values.deviceId}
            onChange={(e) => change('deviceId', e.target.value)}
            onBlur={touch('deviceId')}
            autoComplete="off"
            spellCheck={false}
            placeholder="laser-01"
          />
        )}
      </Field>
      <Field
        label={FIELD_LABELS.topicPattern}
        error={errorFor('topicPattern')}
        className="span-2"
        hint={
          <>
            {isShelly ? (
              <span className="field-hint-line">
                A Shelly's MQTT prefix (its web page: Settings → MQTT) followed by /#.
              </span>
            ) : null}
            Bridge subscribes to: <code data-testid="mqtt-topic-preview">{mqttTopic || '—'}</code>
            {sharesTopic.length > 0 ? (
              <span className="field-warning" data-testid="shared-topic-warning">
                {' '}
                Also the topic of {sharesTopic.map((d) => d.name).join(', ')}: both machines would get the
                same readings.
              </span>
            ) : null}
          </>
        }
      >
        {(p) => (
          <input
            {...p}
            value={values.topicPattern}
            onChange={(e) => change('topicPattern', e.target.value)}
            onBlur={touch('topicPattern')}
            autoComplete="off"
            spellCheck={false}
            placeholder="shellypmmini-laser/#"
          />
        )}
      </Field>
      <Field label={FIELD_LABELS.parserType} error={errorFor('parserType')}>
        {(p) => (
          <select
            {...p}
            value={values.parserType}
            onChange={(e) => change('parserType', e.target.value as ParserType)}
          >
            <option value="shelly_pm">Shelly PM (shelly_pm)</option>
            <option value="generic">Generic (generic)</option>
          </select>
        )}
      </Field>
      <CheckField
        label={FIELD_LABELS.active}
        hint="Only active devices are sent to the bridge."
        checked={values.active}
        onChecked={(active) => change('active', active)}
      />
    </div>
  );
}
