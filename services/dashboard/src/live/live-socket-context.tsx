import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { SocketState } from '../state/staleness.js';
import type { LiveSocket } from './live-socket.js';

const LiveSocketContext = createContext<LiveSocket | null>(null);

export function LiveSocketProvider({ socket, children }: { socket: LiveSocket; children: ReactNode }) {
  return <LiveSocketContext.Provider value={socket}>{children}</LiveSocketContext.Provider>;
}

export function useSocketState(): SocketState {
  const socket = useContext(LiveSocketContext);
  if (!socket) throw new Error('useSocketState needs a LiveSocketProvider');
  return useSyncExternalStore(
    (onChange) => socket.onStatus(onChange),
    socket.getStatus,
    () => 'closed',
  );
}

/** The socket itself, for a view that listens to its messages while it is shown (the wall's ticker). */
export function useLiveSocket(): LiveSocket {
  const socket = useContext(LiveSocketContext);
  if (!socket) throw new Error('useLiveSocket needs a LiveSocketProvider');
  return socket;
}
