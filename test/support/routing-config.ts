/**
 * The desk the routing tests run on (test/core/auto-assign, test/bot/routing, test/bot/presence-replicas):
 * helpdesk gives its tickets in turn to Maria, Luca and Paolo (Giulia only reads) and hands on claims
 * untouched for 30 minutes; its sub-queue reti gives them to the less loaded of Maria and Luca; biblioteca to
 * the least loaded of the three, passing over those Slack shows away; didattica is claimed by hand. Maria,
 * Luca and Paolo read the desk in English.
 */
export const ROUTING_CONFIG = `
system_id: "10"
time_zone: Europe/Rome
admins: [U0ANNA0001]
agents:
  - { slack_user_id: U0MARIA001, name: Maria Rossi, language: en }
  - { slack_user_id: U0LUCA0001, name: Luca Verdi, language: en }
  - { slack_user_id: U0GIULIA01, name: Giulia Bianchi }
  - { slack_user_id: U0PAOLO001, name: Paolo Ricci, language: en }
  - { slack_user_id: U0ANNA0001, name: Anna Neri }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK
    operators: [U0MARIA001, U0LUCA0001, U0PAOLO001]
    permissions: { U0GIULIA01: [read, note] }
    assign: round_robin
    unlock_minutes: 30
  - { key: reti, name: Reti e Wi-Fi, parent: helpdesk, channel: C0RETI0001, operators: [U0MARIA001, U0LUCA0001], assign: least_open }
  - { key: didattica, name: Segreteria didattica, channel: C0DIDATTIC, operators: [U0PAOLO001] }
  - key: biblioteca
    name: Biblioteca
    channel: C0BIBLIOTE
    operators: [U0MARIA001, U0LUCA0001, U0PAOLO001]
    assign: least_open
    skip_slack_away: true
`;

/** biblioteca's channel. */
export const BIBLIOTECA_CHANNEL = 'C0BIBLIOTE';
