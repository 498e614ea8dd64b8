package io.netsight.ingest.live;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** The few libc calls Java has no API for, through JNA (which pcap4j brings anyway). Linux only. */
public interface LibC extends Library {

  int O_RDONLY = 0;
  int CLONE_NEWNET = 0x40000000;
  int IF_NAMESIZE = 16;

  LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

  int open(String path, int flags);

  int close(int fd);

  /** Moves the calling thread (only it) into the namespace behind {@code fd}. */
  int setns(int fd, int nstype);

  Pointer if_indextoname(int ifindex, byte[] name);

  int isatty(int fd);
}
