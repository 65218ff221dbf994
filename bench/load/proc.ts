// CPU time and memory of other processes, from Linux's /proc (zero elsewhere): the app processes the
// benchmark started, and the PostgreSQL server it started.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc/<pid>/stat's CPU times. */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcessStat {
  pid: number;
  ppid: number;
  group: number;
  /** utime + stime: the CPU the process used itself. */
  ownTicks: number;
  /** cutime + cstime: the CPU of its children that ended and were waited for. */
  endedChildrenTicks: number;
}

function readStat(pid: string): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, pgrp, … utime is the 14th field, i.e. the 12th after the name.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const at = (index: number) => fields[index] ?? 0;
    return {
      pid: Number(pid),
      ppid: at(1),
      group: at(2),
      ownTicks: at(11) + at(12),
      endedChildrenTicks: at(13) + at(14),
    };
  } catch {
    return undefined; // the process ended meanwhile
  }
}

function processes(): ProcessStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((e) => /^\d+$/.test(e)).flatMap((e) => readStat(e) ?? []);
}

const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

/**
 * CPU milliseconds (user + system) used so far by the processes of a process group (a ChildApp: tsx and the
 * app it runs), with their children that ended.
 */
export function groupCpuMs(group: number | undefined): number {
  if (group === undefined) return 0;
  let ticks = 0;
  for (const p of processes()) if (p.group === group) ticks += p.ownTicks + p.endedChildrenTicks;
  return ms(ticks);
}

/**
 * CPU milliseconds used so far by a PostgreSQL server: the postmaster and its processes, live or ended, but
 * for the live ones in `except` (the connections of someone else than the app).
 */
export function serverCpuMs(postmaster: number, except: number[] = []): number {
  let ticks = 0;
  for (const p of processes()) {
    if (p.pid === postmaster) ticks += p.ownTicks + p.endedChildrenTicks;
    else if (p.ppid === postmaster && !except.includes(p.pid)) ticks += p.ownTicks;
  }
  return ms(ticks);
}

/** The largest peak RSS (VmHWM, kB) among the processes of a process group. */
export function groupPeakRssKb(group: number | undefined): number {
  if (group === undefined) return 0;
  let peak = 0;
  for (const p of processes()) {
    if (p.group !== group) continue;
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1];
      peak = Math.max(peak, Number(hwm ?? 0));
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}
