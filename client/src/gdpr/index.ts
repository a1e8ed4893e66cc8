import PrivacyTipIcon from '@mui/icons-material/PrivacyTip';
import { GdprRequestList } from './GdprRequestList';
import { GdprRequestShow } from './GdprRequestShow';

export default {
  icon: PrivacyTipIcon,
  list: GdprRequestList,
  show: GdprRequestShow,
};
