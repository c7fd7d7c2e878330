/* version.h - the release version, shown by "caregrid version" and in the page footer. */
#ifndef CAREGRID_VERSION_H
#define CAREGRID_VERSION_H
#define CAREGRID_VERSION "0.1.0"
#endif
